package io.trunkline.ws.twilio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.trunkline.ws.AgentConnectors;
import io.trunkline.ws.ClientTransport;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.Transport;
import io.trunkline.ws.WebSocketAgentConnector;
import io.trunkline.ws.WebSocketAgentLeg;
import io.trunkline.ws.vapi.LogCapture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    private final WebSocketAgentConnector connector = AgentConnectors.twilioStream(
            new TwilioStreamSettings(agent.uri(), Map.of("bot", "sales"), null),
            new AgentConfig("raw", "ws://127.0.0.1/", Duration.ofSeconds(5), 1 << 20), ClientTransport.of(transport.clientChannels()));

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
        WebSocketAgentLeg leg = connect();
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
        WebSocketAgentLeg leg = connect();
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
        WebSocketAgentLeg leg = connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        loop.execute(() -> leg.sendDtmf(new DtmfDigit('9', 160)));

        Await.until(WAIT, "the dtmf message", () -> stream.validator.messages.size() == 3);
        JsonNode dtmf = stream.validator.messages.get(2);
        assertEquals("dtmf", dtmf.get("event").asText());
        assertEquals("9", dtmf.get("dtmf").get("digit").asText());
        assertEquals(List.of(), stream.violations());
    }

    @Test
    void theCallerHangingUpSendsStopThenCloses() throws Exception {
        WebSocketAgentLeg leg = connect();
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

    static Stream<Arguments> brokenAgents() {
        Consumer<FakeTwilioAgent.Stream> binary = s -> s.sendBinary(new byte[FRAME]);
        Consumer<FakeTwilioAgent.Stream> invalidJson = s -> s.sendText("{\"event\": media}");
        Consumer<FakeTwilioAgent.Stream> unknownEvent = s -> s.sendText(
                "{\"event\":\"transcript\",\"streamSid\":\"" + s.streamSid() + "\"}");
        Consumer<FakeTwilioAgent.Stream> otherStream = s -> s.sendText(
                "{\"event\":\"clear\",\"streamSid\":\"MZ00000000000000000000000000000001\"}");
        return Stream.of(Arguments.of("binary frame", binary, 1003),
                Arguments.of("invalid JSON", invalidJson, 1007),
                Arguments.of("unknown event", unknownEvent, 1007),
                Arguments.of("another stream's SID", otherStream, 1007));
    }

    @ParameterizedTest(name = "{0} -> close {2}")
    @MethodSource("brokenAgents")
    void protocolErrorsEndTheSession(String what, Consumer<FakeTwilioAgent.Stream> breakIt, int closeCode)
            throws Exception {
        connect();
        FakeTwilioAgent.Stream stream = agent.awaitStream(WAIT);

        breakIt.accept(stream);

        Await.until(WAIT, "the disconnection", () -> !events.disconnected.isEmpty());
        assertEquals(Kind.PROTOCOL, events.disconnected.get(0).kind());
        Await.until(WAIT, "the close frame", () -> !stream.closeCodes.isEmpty());
        assertEquals(List.of(closeCode), stream.closeCodes);
        assertEquals(1, connector.stats().protocolErrors());
        assertEquals(0, events.clears.get());
        assertTrue(logs.contains("broke the protocol"), "the error is logged");
    }

    private WebSocketAgentLeg connect() throws Exception {
        WebSocketAgentLeg leg = loop.submit(() -> connector.connect(Sessions.sample("call-twilio"),
                new TestCallLoop(loop), events)).get(5, TimeUnit.SECONDS);
        Await.until(WAIT, "onAgentReady", () -> events.ready.get() == 1 || !events.failed.isEmpty());
        assertEquals(List.of(), events.failed);
        return leg;
    }
}
