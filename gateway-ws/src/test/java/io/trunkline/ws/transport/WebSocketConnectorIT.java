package io.trunkline.ws.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.ScriptedAgentServer;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.Transport;
import io.trunkline.ws.raw.RawPcmProtocol;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the WebSocket transport connects, fails and breaks off, against scripted agents on loopback. */
class WebSocketConnectorIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Generous: a cold JVM with paranoid leak detection can take a few hundred ms for its first handshake. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_FRAME = 4096;

    private final Transport transport = Transport.NIO;
    private final EventLoopGroup group = transport.newGroup(2);
    private final EventLoop loop = group.next();
    private final RecordingListener events = new RecordingListener();
    private ScriptedAgentServer server;

    @AfterEach
    void shutDown() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void nothingListeningIsUnavailable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        connect(connector(URI.create("ws://127.0.0.1:" + port + "/agent?token=secret"), null));

        AgentFailure failure = awaitFailure();
        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertFalse(failure.message().contains("secret"), failure.message());
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        // The kernel completes the TCP handshake from the backlog; nobody ever reads the upgrade request.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            connect(builder(null, SHORT_TIMEOUT)
                    .uri(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/agent")).build());

            AgentFailure failure = awaitFailure();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Kind.TIMEOUT, failure.kind());
            assertTrue(elapsedMillis >= SHORT_TIMEOUT.toMillis() - 50, "timed out after " + elapsedMillis + " ms");
            assertEquals(0, events.ready.get());
        }
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"401, UNAUTHORIZED, 0", "403, UNAUTHORIZED, 0", "429, RATE_LIMITED, 7", "503, UNAVAILABLE, 7",
            "404, UNAVAILABLE, 7"})
    void handshakeRefusalsMapToFailureKinds(int status, Kind kind, int retryAfter) throws Exception {
        server = ScriptedAgentServer.httpStatus(group, transport, status, Map.of("Retry-After", "7"));

        connect(connector(server.uri(), null));

        AgentFailure failure = awaitFailure();
        assertEquals(kind, failure.kind());
        assertEquals(retryAfter, failure.retryAfterSeconds());
        assertTrue(failure.message().contains(String.valueOf(status)), failure.message());
        assertFalse(failure.message().contains("secret"), failure.message());
    }

    @Test
    void aFailedEndpointLookupReportsItsOwnFailure() throws Exception {
        WebSocketConnector connector = builder(null)
                .endpoint(session -> CompletableFuture.failedFuture(new EndpointException(
                        AgentFailure.of(Kind.UNAUTHORIZED, "REST call refused"))))
                .build();

        connect(connector);

        assertEquals(Kind.UNAUTHORIZED, awaitFailure().kind());
    }

    @Test
    void anAbruptCloseAfterReadyIsAConnectionLoss() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, ctx -> { });
        connect(connector(server.uri(), null));
        awaitReady();

        server.sessions.get(0).close();

        AgentFailure lost = awaitDisconnect();
        assertEquals(Kind.CONNECTION_LOST, lost.kind());
        assertEquals(1, events.terminalEvents());
    }

    @Test
    void aResetAfterReadyIsAConnectionLoss() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, ctx -> { });
        connect(connector(server.uri(), null));
        awaitReady();

        // SO_LINGER 0 turns the close into a TCP reset.
        server.sessions.get(0).config().setOption(ChannelOption.SO_LINGER, 0);
        server.sessions.get(0).close();

        assertEquals(Kind.CONNECTION_LOST, awaitDisconnect().kind());
        assertEquals(1, events.terminalEvents());
    }

    @Test
    void anOversizedFrameIsClosedWith1009AsAProtocolError() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, ctx -> ctx.writeAndFlush(
                new BinaryWebSocketFrame(Unpooled.buffer(MAX_FRAME + 1).writeZero(MAX_FRAME + 1))));
        WebSocketConnector connector = connector(server.uri(), null);

        connect(connector);

        assertEquals(Kind.PROTOCOL, awaitDisconnect().kind());
        Await.until(WAIT, "the agent to receive the close frame", () -> !server.closeCodes.isEmpty());
        assertEquals(List.of(1009), server.closeCodes);
        assertEquals(0, events.audioBytes());
        assertEquals(1, connector.stats().protocolErrors());
    }

    @Test
    void invalidJsonIsClosedWith1007AsAProtocolError() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null,
                ctx -> ctx.writeAndFlush(new TextWebSocketFrame("{\"type\": clear}")));

        connect(connector(server.uri(), null));

        assertEquals(Kind.PROTOCOL, awaitDisconnect().kind());
        Await.until(WAIT, "the agent to receive the close frame", () -> !server.closeCodes.isEmpty());
        assertEquals(List.of(1007), server.closeCodes);
    }

    @Test
    void aFragmentedMessageIsReassembled() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, ctx -> {
            ctx.write(new TextWebSocketFrame(false, 0, "{\"type\":"));
            ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, "\"clear\"}"));
        });

        connect(connector(server.uri(), null));

        Await.until(WAIT, "the clear message", () -> events.clears.get() == 1);
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void startMessageReachesTheAgentAndCloseSendsNormalClosure() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, ctx -> { });
        WebSocketLeg leg = connect(connector(server.uri(), null));
        awaitReady();
        Await.until(WAIT, "the start message", () -> !server.texts.isEmpty());
        assertTrue(server.texts.get(0).contains("\"callId\":\"call-it\""), server.texts.get(0));

        loop.execute(leg::close);

        Await.until(WAIT, "the close frame", () -> !server.closeCodes.isEmpty());
        assertEquals(List.of(1000), server.closeCodes);
        Await.until(WAIT, "the connection to close", () -> server.closed.get() == 1);
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void audioIsDroppedAndCountedWhenTheAgentStopsReading() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, 4096,
                ctx -> ctx.channel().config().setAutoRead(false));
        WebSocketLeg leg = connect(connector(server.uri(), null));
        awaitReady();
        byte[] frame = new byte[AudioFormat.PCM16_16K.frameBytes()];
        AtomicInteger sent = new AtomicInteger();

        // Push frames in batches until the socket and the bounded outbound buffer are full (bounded: 40 MB).
        Await.until(WAIT, "dropped audio", () -> {
            loop.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    leg.sendAudio(ByteBuffer.wrap(frame));
                }
                sent.addAndGet(1000);
            }).syncUninterruptibly();
            return events.drops(DropReason.AGENT_NOT_READING) > 0 || sent.get() >= 64_000;
        });

        assertTrue(events.drops(DropReason.AGENT_NOT_READING) > 0, "nothing dropped after " + sent.get() + " frames");
        assertEquals(0, events.terminalEvents());
        loop.execute(leg::close);
        // The close frame is stuck behind the unread audio: the leg cuts the connection after a grace period.
        Await.until(WAIT, "the connection to be cut", () -> !leg.channel().isOpen());
    }

    @Test
    void anAgentThatStaysStalledIsDisconnectedAfterTheStallTimeout() throws Exception {
        server = ScriptedAgentServer.webSocket(group, transport, null, 4096,
                ctx -> ctx.channel().config().setAutoRead(false));
        WebSocketLeg leg = connect(connector(server.uri(), null));
        awaitReady();
        byte[] frame = new byte[AudioFormat.PCM16_16K.frameBytes()];
        long started = System.nanoTime();

        // Keep sending like a live call would until the leg gives up (stall timeout 2 s in this configuration).
        Await.until(Duration.ofSeconds(20), "the stalled agent to be disconnected", () -> {
            loop.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    leg.sendAudio(ByteBuffer.wrap(frame));
                }
            }).syncUninterruptibly();
            return events.terminalEvents() > 0;
        });

        assertEquals(1, events.disconnected.size());
        assertEquals(Kind.CONNECTION_LOST, events.disconnected.get(0).kind());
        assertTrue(System.nanoTime() - started >= Duration.ofSeconds(2).toNanos(), "not before the stall timeout");
        Await.until(WAIT, "the connection to be cut", () -> !leg.channel().isOpen());
    }

    @Test
    void wssWithATrustedCertificateConnects() throws Exception {
        TestTls tls = TestTls.load();
        server = ScriptedAgentServer.webSocket(group, transport, tls.server(), ctx -> { });

        connect(connector(server.uri(), tls.client()));

        awaitReady();
        Await.until(WAIT, "the start message over TLS", () -> !server.texts.isEmpty());
    }

    @Test
    void wssWithAnUntrustedCertificateIsUnavailable() throws Exception {
        TestTls tls = TestTls.load();
        server = ScriptedAgentServer.webSocket(group, transport, tls.server(), ctx -> { });

        // The default client context trusts the JDK's CAs only.
        connect(connector(server.uri(), null));

        AgentFailure failure = awaitFailure();
        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertEquals(0, server.opened.get());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private WebSocketConnector.Builder builder(SslContext ssl) {
        return builder(ssl, TIMEOUT);
    }

    private WebSocketConnector.Builder builder(SslContext ssl, Duration timeout) {
        return WebSocketConnector.builder("raw", AudioFormat.PCM16_16K)
                .protocol(RawPcmProtocol.factory(AudioFormat.PCM16_16K))
                .config(new AgentConfig("raw", "ws://127.0.0.1/", timeout, MAX_FRAME))
                .channelFactory(transport.clientChannels())
                .sslContext(ssl);
    }

    private WebSocketConnector connector(URI uri, SslContext ssl) {
        return builder(ssl).uri(uri).build();
    }

    private WebSocketLeg connect(WebSocketConnector connector) throws Exception {
        return loop.submit(() -> connector.connect(Sessions.sample("call-it"), new TestCallLoop(loop), events))
                .get(5, TimeUnit.SECONDS);
    }

    private AgentFailure awaitFailure() {
        Await.until(WAIT, "the leg to fail", () -> !events.failed.isEmpty());
        assertEquals(1, events.terminalEvents());
        assertEquals(0, events.ready.get());
        return events.failed.get(0);
    }

    private AgentFailure awaitDisconnect() {
        Await.until(WAIT, "the leg to be disconnected", () -> !events.disconnected.isEmpty());
        assertEquals(1, events.ready.get());
        return events.disconnected.get(0);
    }

    private void awaitReady() {
        Await.until(WAIT, "the leg to be ready", () -> events.ready.get() == 1);
    }

    /** The self-signed test certificate for 127.0.0.1, as a server context and a client context trusting it. */
    private record TestTls(SslContext server, SslContext client) {
        static TestTls load() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = "changeit".toCharArray();
            try (InputStream in = WebSocketConnectorIT.class.getResourceAsStream("/tls/agent-test.p12")) {
                store.load(in, password);
            }
            PrivateKey key = (PrivateKey) store.getKey("agent", password);
            X509Certificate cert = (X509Certificate) store.getCertificate("agent");
            return new TestTls(SslContextBuilder.forServer(key, cert).build(),
                    SslContextBuilder.forClient().trustManager(cert).build());
        }
    }

}
