package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.Pcm;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.Transport;
import io.trunkline.ws.connect.Connectors;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.transport.WebSocketConnector;
import io.trunkline.ws.transport.WebSocketLeg;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Calls through the real connector to a loopback Vapi: REST creation, the call socket, and every failure. */
class VapiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String KEY = "sk-test-4f1c0e0a-secret";
    private static final String ASSISTANT = "5b0a4a08-133c-4146-9315-0984f8c6be80";

    private final Transport transport = Transport.NIO;
    private final EventLoopGroup group = transport.newGroup(2);
    private final EventLoop loop = group.next();
    private final RecordingListener events = new RecordingListener();
    private final LogCapture logs = LogCapture.open();
    private final FakeVapi vapi;

    VapiIT() throws Exception {
        vapi = new FakeVapi(group, transport, KEY);
    }

    @AfterEach
    void shutDown() {
        try {
            assertNoSecretsLogged();
        } finally {
            logs.close();
            vapi.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void createsTheCallThenStreamsPcmBothWays() throws Exception {
        WebSocketConnector connector = connector(settings().build());
        WebSocketLeg leg = connect(connector);
        awaitReady();

        assertEquals("vapi", connector.kind());
        assertEquals(AudioFormat.PCM16_16K, connector.format());
        assertEquals(List.of(), vapi.violations);
        JsonNode request = vapi.requests.get(0);
        assertEquals(ASSISTANT, request.get("assistantId").asText());
        assertFalse(request.has("metadata"), "CreateCallDTO has no top-level metadata");
        JsonNode overrides = request.get("assistantOverrides");
        assertEquals("call-vapi", overrides.get("metadata").get("callId").asText());
        assertEquals("CA123", overrides.get("metadata").get("twilioCallSid").asText());
        assertEquals("acme", overrides.get("variableValues").get("X-Tenant").asText());
        assertEquals("+15550001111", request.get("customer").get("number").asText());
        assertEquals(vapi.createdIds.get(0), events.agentCallId);
        assertEquals(List.of(UserAgent.VALUE), vapi.userAgents, "POST /call names the gateway");
        assertEquals(List.of(UserAgent.VALUE), vapi.socketUserAgents, "so does the WebSocket handshake");
        assertTrue(UserAgent.VALUE.matches("trunkline/\\d+\\.\\d+\\.\\d+.*"), UserAgent.VALUE);

        byte[] tone = Pcm.tone(440, 500, 16000, 8000);
        sendFrames(leg, tone, AudioFormat.PCM16_16K.frameBytes());

        Await.until(WAIT, "the echoed audio", () -> events.audioBytes() == tone.length);
        assertArrayEquals(tone, vapi.awaitSession(WAIT).audio());
        assertArrayEquals(tone, events.audio());
        assertTrue(events.chunks.size() > tone.length / 640, "audio arrived in uneven bursts, passed on as they came");
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void mulawCallsAskForMulawAndCarryItAsIs() throws Exception {
        WebSocketConnector connector = connector(settings().format(AudioFormat.PCMU_8K).build());
        WebSocketLeg leg = connect(connector);
        awaitReady();

        assertEquals(AudioFormat.PCMU_8K, connector.format());
        assertEquals(JSON.readTree("{\"format\":\"mulaw\",\"container\":\"raw\",\"sampleRate\":8000}"),
                vapi.requests.get(0).get("transport").get("audioFormat"));
        byte[] mulaw = new byte[160 * 10];
        for (int i = 0; i < mulaw.length; i++) {
            mulaw[i] = (byte) (i * 31);
        }
        sendFrames(leg, mulaw, 160);

        Await.until(WAIT, "the echoed audio", () -> events.audioBytes() == mulaw.length);
        assertArrayEquals(mulaw, events.audio());
    }

    @Test
    void aTransientAssistantIsSentInline() throws Exception {
        connect(connector(settings().assistant("{\"firstMessage\":\"Hello from the gateway\"}").build()));
        awaitReady();

        assertEquals(List.of(), vapi.violations);
        assertEquals("Hello from the gateway", vapi.requests.get(0).get("assistant").get("firstMessage").asText());
    }

    @Test
    void onlyUserInterruptedClearsQueuedPlayback() throws Exception {
        WebSocketConnector connector = connector(settings().build());
        connect(connector);
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        session.sendText("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"assistant\",\"turn\":0}");
        // A backchannel ("okay") while the assistant talks: Vapi reports speech, but does not interrupt.
        session.sendText("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":0}");
        session.sendText("{\"type\":\"transcript\",\"role\":\"user\",\"transcriptType\":\"partial\",\"transcript\":\"okay\"}");
        session.sendText("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":1}");
        session.sendText("{\"type\":\"user-interrupted\"}");
        session.sendText("{\"type\":\"status-update\",\"status\":\"in-progress\"}");
        session.sendText("{\"type\":\"some-future-type\"}");

        // Messages are handled in order: once the last one is counted, all were read.
        Await.until(WAIT, "every message read", () -> connector.stats().ignoredMessages() == 1);
        assertEquals(1, events.clears.get(), "speech updates are not barge-in");
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void keyPressesBecomeTheConfiguredMessage() throws Exception {
        WebSocketLeg leg = connect(connector(settings().build()));
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        loop.execute(() -> leg.sendDtmf(new DtmfDigit('5', 120)));

        Await.until(WAIT, "the DTMF message", () -> !session.texts.isEmpty());
        JsonNode sent = JSON.readTree(session.texts.get(0));
        assertEquals("add-message", sent.get("type").asText());
        assertEquals("The caller pressed the 5 key.", sent.get("message").get("content").asText());
    }

    @Test
    void vapiEndingTheCallIsAnAgentHangup() throws Exception {
        connect(connector(settings().build()));
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        session.sendText("{\"type\":\"status-update\",\"status\":\"in-progress\"}");
        session.sendText("{\"type\":\"status-update\",\"status\":\"ended\",\"endedReason\":\"assistant-ended-call\"}");
        session.close(1000);

        Await.until(WAIT, "the agent hangup", () -> !events.hangups.isEmpty());
        Await.until(WAIT, "the socket to close", () -> !session.channel.isActive());
        assertEquals(List.of("assistant-ended-call"), events.hangups);
        assertEquals(1, events.terminalEvents(), "the close that follows is not a second end");
    }

    @Test
    void theGatewayEndingTheCallSendsEndCallThenCloses() throws Exception {
        WebSocketLeg leg = connect(connector(settings().build()));
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        loop.execute(leg::gatewayEnded);

        Await.until(WAIT, "the close frame", () -> !session.closeCodes.isEmpty());
        assertEquals(List.of("text:{\"type\":\"end-call\"}", "close:1000"), session.events);
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void aConfiguredEndCallMessageIsSentInstead() throws Exception {
        WebSocketLeg leg = connect(connector(settings().endCallMessage("{\"type\":\"hangup\"}").build()));
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        loop.execute(leg::gatewayEnded);

        Await.until(WAIT, "the close frame", () -> !session.closeCodes.isEmpty());
        assertEquals(List.of("text:{\"type\":\"hangup\"}", "close:1000"), session.events);
    }

    @Test
    void invalidJsonFromVapiIsAProtocolErrorClosedWith1007() throws Exception {
        WebSocketConnector connector = connector(settings().build());
        connect(connector);
        awaitReady();
        FakeVapi.Session session = vapi.awaitSession(WAIT);

        session.sendText("{\"type\": status-update}");

        Await.until(WAIT, "the disconnection", () -> !events.disconnected.isEmpty());
        assertEquals(Kind.PROTOCOL, events.disconnected.get(0).kind());
        Await.until(WAIT, "the close frame", () -> !session.closeCodes.isEmpty());
        assertEquals(List.of(1007), session.closeCodes);
        assertEquals(1, connector.stats().protocolErrors());
    }

    @Test
    void aWrongKeyIsUnauthorizedAndLoggedAsSuchWithoutTheKey() throws Exception {
        String wrongKey = "sk-wrong-9a7e-secret";
        connect(connector(VapiSettings.builder(wrongKey).assistantId(ASSISTANT).baseUrl(vapi.baseUrl()).build()));

        AgentFailure failure = awaitFailure();
        assertEquals(Kind.UNAUTHORIZED, failure.kind());
        List<String> errors = logs.lines(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("API key") && errors.get(0).contains("401"), errors.get(0));
        assertFalse(logs.contains(wrongKey));
        assertTrue(vapi.sessions.isEmpty());
    }

    @Test
    void a403IsLoggedWithVapisOwnWordsNotAGuessAboutTheKey() throws Exception {
        vapi.answerWith(403, Map.of(), "error code: 1010");

        connect(connector(settings().build()));

        AgentFailure failure = awaitFailure();
        assertEquals(Kind.UNAUTHORIZED, failure.kind());
        List<String> errors = logs.lines(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("HTTP 403") && errors.get(0).contains("error code: 1010"), errors.get(0));
        assertFalse(errors.get(0).contains("API key"), "no guess about the key: " + errors.get(0));
    }

    @Test
    void aRefusedBodyIsLoggedInVapisWords() throws Exception {
        vapi.answerWith(400, Map.of(), "{\"message\":[\"property metadata should not exist\"],"
                + "\"error\":\"Bad Request\",\"statusCode\":400}");

        connect(connector(settings().build()));

        assertEquals(Kind.UNAVAILABLE, awaitFailure().kind());
        List<String> errors = logs.lines(Level.ERROR);
        assertTrue(errors.size() == 1 && errors.get(0).contains("HTTP 400")
                && errors.get(0).contains("property metadata should not exist"), errors.toString());
    }

    @ParameterizedTest(name = "HTTP {0} (Retry-After {1}) -> {2}, retry after {3}")
    @CsvSource({"403, , UNAUTHORIZED, 0", "429, 7, RATE_LIMITED, 7", "429, , RATE_LIMITED, 5",
            "500, , UNAVAILABLE, 5", "503, 9, UNAVAILABLE, 9", "400, , UNAVAILABLE, 0"})
    void refusalsMapToFailureKinds(int status, String retryAfter, Kind kind, int expectedRetry) throws Exception {
        vapi.answerWith(status, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                "{\"message\":\"refused\",\"statusCode\":" + status + "}");

        connect(connector(settings().build()));

        AgentFailure failure = awaitFailure();
        assertEquals(kind, failure.kind());
        assertEquals(expectedRetry, failure.retryAfterSeconds());
        assertTrue(failure.message().contains(String.valueOf(status)), failure.message());
        assertTrue(logs.contains("refused"), "Vapi's explanation reaches the log");
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsATimeout() throws Exception {
        vapi.hang();

        connect(connector(settings().requestTimeout(Duration.ofMillis(300)).build()));

        AgentFailure failure = awaitFailure();
        assertEquals(Kind.TIMEOUT, failure.kind());
        assertTrue(failure.message().contains("Vapi"), "the REST request timed out, not the connection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>busy</html>", "{\"id\":\"abc\",\"transport\":{\"provider\":\"vapi.websocket\"}}"})
    void anAnswerWithoutASocketIsUnavailable(String body) throws Exception {
        vapi.answerWith(201, Map.of(), body);

        connect(connector(settings().build()));

        assertEquals(Kind.UNAVAILABLE, awaitFailure().kind());
    }

    @Test
    void anUnreachableApiIsUnavailable() throws Exception {
        java.net.URI closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = java.net.URI.create("http://127.0.0.1:" + probe.getLocalPort());
        }

        connect(connector(settings().baseUrl(closed).build()));

        assertEquals(Kind.UNAVAILABLE, awaitFailure().kind());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private VapiSettings.Builder settings() {
        return VapiSettings.builder(KEY).assistantId(ASSISTANT).baseUrl(vapi.baseUrl());
    }

    private WebSocketConnector connector(VapiSettings settings) {
        // The agent config contributes the connect timeout and frame limit only.
        return Connectors.vapi(settings, new AgentConfig("raw", "ws://127.0.0.1/", CONNECT_TIMEOUT, 1 << 20),
                ClientTransport.of(transport.clientChannels()));
    }

    private WebSocketLeg connect(WebSocketConnector connector) throws Exception {
        return loop.submit(() -> connector.connect(Sessions.sample("call-vapi"), new TestCallLoop(loop), events))
                .get(5, TimeUnit.SECONDS);
    }

    private void sendFrames(WebSocketLeg leg, byte[] audio, int frameBytes) throws Exception {
        loop.submit(() -> {
            for (int at = 0; at < audio.length; at += frameBytes) {
                leg.sendAudio(ByteBuffer.wrap(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + frameBytes))));
            }
        }).get(5, TimeUnit.SECONDS);
    }


    private void awaitReady() {
        Await.until(WAIT, "the leg to be ready", () -> events.ready.get() == 1 || !events.failed.isEmpty());
        assertEquals(List.of(), events.failed);
    }

    private AgentFailure awaitFailure() {
        Await.until(WAIT, "the leg to fail", () -> !events.failed.isEmpty());
        assertEquals(1, events.terminalEvents());
        assertEquals(0, events.ready.get());
        return events.failed.get(0);
    }

    private void assertNoSecretsLogged() {
        assertFalse(logs.contains(KEY), "the API key was logged");
        assertFalse(logs.contains("Bearer"), "an authorization header was logged");
        for (String id : vapi.createdIds) {
            assertFalse(logs.contains(vapi.socketUrl(id)), "a websocketCallUrl was logged");
            assertFalse(logs.contains("/" + id + "/transport"), "a websocketCallUrl path was logged");
        }
    }
}
