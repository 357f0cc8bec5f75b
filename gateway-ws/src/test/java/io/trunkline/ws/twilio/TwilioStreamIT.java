package io.trunkline.ws.twilio;

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
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.Transport;
import io.trunkline.ws.connect.Connectors;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.transport.WebSocketConnector;
import io.trunkline.ws.transport.WebSocketLeg;
import io.trunkline.ws.vapi.LogCapture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls through the real connector to a loopback agent that expects Twilio Media Streams. */
class TwilioStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FRAME = AudioFormat.PCMU_8K.frameBytes();

    private final Transport transport = Transport.NIO;
    private final EventLoopGroup group = transport.newGroup(2);
    private final EventLoop loop = group.next();
    private final RecordingListener events = new RecordingListener();
    private final LogCapture logs = LogCapture.open();
    private final FakeTwilioAgent agent = new FakeTwilioAgent(group, transport);
    private final List<IgnoredMessage> ignored = new CopyOnWriteArrayList<>();
    private WebSocketConnector connector = connector(
            new TwilioStreamSettings(agent.uri(), Map.of("bot", "sales"), null), 1 << 20);

    @AfterEach
    void shutDown() {
        try {
            assertFalse(logs.contains("agent-secret-token"), "the agent URL's token was logged");
        } finally {
            logs.close();
            agent.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theStreamStartsAsTwilioStartsItAndAudioMakesTheRoundTrip() throws Exception {
        WebSocketLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        assertEquals("twilio-stream", connector.kind());
        assertEquals(AudioFormat.PCMU_8K, connector.format());
        JsonNode start = stream.validator.start();
        assertEquals("CA123", start.get("callSid").asText(), "the call's X-Twilio-CallSid");
        assertEquals("AC456", start.get("accountSid").asText(), "the call's X-Twilio-AccountSid");
        assertEquals(JSON.readTree("{\"X-Tenant\":\"acme\",\"bot\":\"sales\"}"), start.get("customParameters"));

        byte[] audio = new byte[FRAME * 50];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 13 + i / FRAME);
        }
        loop.submit(() -> {
            for (int at = 0; at < audio.length; at += FRAME) {
                leg.sendAudio(ByteBuffer.wrap(Arrays.copyOfRange(audio, at, at + FRAME)));
            }
        }).get(5, TimeUnit.SECONDS);

        Await.until(WAIT, "the echoed audio", () -> events.audioBytes() == audio.length);
        assertArrayEquals(audio, events.audio());
        assertEquals(2 + 50, stream.validator.messages.size());
        assertEquals(List.of(), stream.violations());
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void agentMarksArriveAndPlayedMarksGoBack() throws Exception {
        WebSocketLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        stream.sendMark("greeting-done");
        Await.until(WAIT, "the agent's mark", () -> events.marks.equals(List.of("greeting-done")));

        loop.execute(() -> leg.markPlayed("greeting-done"));

        Await.until(WAIT, "the played mark", () -> stream.validator.messages.size() == 3);
        JsonNode mark = stream.validator.messages.get(2);
        assertEquals("mark", mark.get("event").asText());
        assertEquals("greeting-done", mark.get("mark").get("name").asText());
        assertEquals("2", mark.get("sequenceNumber").asText());
        assertEquals(List.of(), stream.violations());
    }

    @Test
    void clearIsBargeIn() throws Exception {
        connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        stream.sendClear();

        Await.until(WAIT, "the clear", () -> events.clears.get() == 1);
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void keyPressesAreDtmfMessages() throws Exception {
        WebSocketLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        loop.execute(() -> leg.sendDtmf(new DtmfDigit('9', 160)));

        Await.until(WAIT, "the dtmf message", () -> stream.validator.messages.size() == 3);
        JsonNode dtmf = stream.validator.messages.get(2);
        assertEquals("dtmf", dtmf.get("event").asText());
        assertEquals("9", dtmf.get("dtmf").get("digit").asText());
        assertEquals(List.of(), stream.violations());
    }

    @Test
    void theGatewayEndingTheCallSendsStopThenCloses() throws Exception {
        WebSocketLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);
        loop.submit(() -> leg.sendAudio(ByteBuffer.wrap(new byte[FRAME]))).get(5, TimeUnit.SECONDS);

        loop.execute(leg::gatewayEnded);

        Await.until(WAIT, "the close frame", () -> !stream.closeCodes.isEmpty());
        assertEquals(List.of(1000), stream.closeCodes);
        List<JsonNode> messages = stream.validator.messages;
        assertEquals("stop", messages.get(messages.size() - 1).get("event").asText());
        assertEquals(List.of(), stream.violations());
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void messagesTwilioIgnoresAreIgnoredAndTheStreamGoesOn() throws Exception {
        WebSocketLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        // What real agents send besides the format: ElevenLabs' Twilio example, transport messages, mistakes.
        stream.sendText("{\"type\":\"conversation_initiation_client_data\",\"dynamic_variables\":{}}");
        stream.sendText("{\"event\":\"transcript\",\"streamSid\":\"" + stream.streamSid() + "\"}");
        stream.sendText("{\"event\": media}");
        stream.sendText("{\"event\":\"clear\",\"streamSid\":\"MZ00000000000000000000000000000001\"}");
        stream.sendBinary(new byte[FRAME]);
        loop.submit(() -> leg.sendAudio(ByteBuffer.wrap(new byte[FRAME]))).get(5, TimeUnit.SECONDS);

        Await.until(WAIT, "the echo after the ignored messages", () -> events.audioBytes() == FRAME);
        assertEquals(List.of(IgnoredMessage.NO_EVENT, IgnoredMessage.UNKNOWN_EVENT, IgnoredMessage.INVALID_JSON,
                IgnoredMessage.WRONG_STREAM, IgnoredMessage.BINARY), ignored);
        assertEquals(5L, (long) loop.submit(leg::ignoredMessages).get(5, TimeUnit.SECONDS));
        assertEquals(5, connector.stats().ignoredMessages());
        assertEquals(0, connector.stats().protocolErrors());
        assertEquals(0, events.clears.get(), "another stream's clear is not ours");
        assertEquals(0, events.terminalEvents());
        assertTrue(stream.closeCodes.isEmpty() && stream.channel.isActive(), "the stream is still open");
        assertTrue(loop.submit(leg::isOpen).get(5, TimeUnit.SECONDS));
        long warnings = logs.lines(Level.WARN).stream().filter(l -> l.contains("ignored a message")).count();
        assertEquals(1, warnings, "logged once per stream: " + logs.lines());

        stream.sendClear();
        Await.until(WAIT, "a valid clear after the ignored messages", () -> events.clears.get() == 1);
    }

    @Test
    void anOversizedMessageStillClosesWith1009() throws Exception {
        connector = connector(new TwilioStreamSettings(agent.uri(), Map.of(), null), 4096);
        connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        stream.sendText("{\"event\":\"media\",\"streamSid\":\"" + stream.streamSid() + "\",\"media\":{\"payload\":\""
                + "A".repeat(8192) + "\"}}");

        Await.until(WAIT, "the disconnection", () -> !events.disconnected.isEmpty());
        assertEquals(Kind.PROTOCOL, events.disconnected.get(0).kind());
        Await.until(WAIT, "the close frame", () -> !stream.closeCodes.isEmpty());
        assertEquals(List.of(1009), stream.closeCodes);
        assertEquals(1, connector.stats().protocolErrors());
        assertEquals(List.of(), ignored);
        assertEquals(0, events.audioBytes());
    }

    @Test
    void withAnAuthTokenTheUpgradeCarriesTwiliosSignature() throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        connector = connector(new TwilioStreamSettings(agent.uri(), Map.of(), null).signedWith(token), 1 << 20);
        connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        // Twilio's algorithm for a GET: HMAC-SHA1 of the full URL, query included, keyed with the auth token.
        String expected = TwilioStreamProtocolTest.hmacSha1Base64(token, agent.uri().toString());
        assertEquals(expected, stream.requestHeaders.get("X-Twilio-Signature"));
        assertEquals(agent.uri().getRawPath() + "?" + agent.uri().getRawQuery(), stream.requestUri,
                "the signed URL is the one requested");
        assertFalse(logs.contains(token), "the token never reaches the log");
        assertFalse(logs.contains(expected), "nor the signature");
    }

    @Test
    void withoutAnAuthTokenTheUpgradeIsNotSigned() throws Exception {
        connect();
        assertFalse(agent.awaitStream(WAIT).requestHeaders.contains("X-Twilio-Signature"));
    }

    private WebSocketConnector connector(TwilioStreamSettings settings, int maxFrameBytes) {
        return Connectors.twilioStream(settings,
                new AgentConfig("raw", "ws://127.0.0.1/", Duration.ofSeconds(5), maxFrameBytes),
                ClientTransport.of(transport.clientChannels()), ignored::add);
    }

    private WebSocketLeg connect() throws Exception {
        WebSocketLeg leg = loop.submit(() -> connector.connect(Sessions.sample("call-twilio"),
                new TestCallLoop(loop), events)).get(5, TimeUnit.SECONDS);
        Await.until(WAIT, "the leg to be ready", () -> events.ready.get() == 1 || !events.failed.isEmpty());
        assertEquals(List.of(), events.failed);
        return leg;
    }
}
