package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.ws.FakeWire;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VapiProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeWire wire = new FakeWire();
    private final RecordingListener events = new RecordingListener();
    private final VapiSettings settings = VapiSettings.builder("key-1").assistantId("asst-1").build();
    private final VapiProtocol protocol = new VapiProtocol(settings, Sessions.sample("call-1"), wire, events);

    @Test
    void openSendsNothingAndIsReadyAtOnce() {
        protocol.onOpen();
        assertEquals(List.of(), wire.texts);
        assertEquals(AudioFormat.PCM16_16K, protocol.format());
    }

    @Test
    void formatFollowsTheSettings() {
        VapiSettings mulaw = VapiSettings.builder("k").assistantId("a").format(AudioFormat.PCMU_8K).build();
        assertEquals(AudioFormat.PCMU_8K,
                VapiProtocol.factory(mulaw).create(Sessions.sample("c"), wire, events).format());
    }

    @Test
    void callerAudioIsSentAsBinaryFramesAsIs() {
        byte[] frame = new byte[640];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 7);
        }
        ByteBuffer borrowed = ByteBuffer.wrap(frame);

        protocol.sendAudio(borrowed);

        assertEquals(1, wire.binaries.size());
        assertArrayEquals(frame, wire.binaries.get(0));
        assertEquals(0, borrowed.position(), "the borrowed frame must be left as it was");
    }

    @Test
    void agentAudioOfAnySizeIsPassedOn() throws Exception {
        byte[] burst = new byte[1001];
        burst[1000] = 42;

        protocol.onBinary(Unpooled.wrappedBuffer(burst));

        assertArrayEquals(burst, events.audio());
    }

    @Test
    void userInterruptedIsBargeInAndSpeechUpdatesAreNot() throws Exception {
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"assistant\",\"turn\":1}");
        // "okay" over the assistant: Vapi reports the speech, its stop-speaking plan does not interrupt.
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":1}");
        text("{\"type\":\"speech-update\",\"status\":\"stopped\",\"role\":\"user\",\"turn\":1}");
        assertEquals(0, events.clears.get(), "a user speech-update alone is not an interruption");

        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":1}");
        text("{\"type\":\"user-interrupted\"}");
        assertEquals(1, events.clears.get());
        assertEquals(1, protocol.interruptions());
        assertEquals(0, wire.ignored);
    }

    @Test
    void speechUpdatesTimeTheTurns() throws Exception {
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"assistant\",\"turn\":0}");
        assertEquals(0, protocol.speechTurns(), "the greeting answers no one");
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":1}");
        text("{\"type\":\"speech-update\",\"status\":\"stopped\",\"role\":\"user\",\"turn\":1}");
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"assistant\",\"turn\":1}");
        assertEquals(1, protocol.speechTurns());
        text("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"assistant\",\"turn\":2}");
        assertEquals(1, protocol.speechTurns(), "speaking again unprompted is no new turn");
    }

    @Test
    void statusUpdateEndedIsAnAgentHangupWithItsReason() throws Exception {
        text("{\"type\":\"status-update\",\"status\":\"in-progress\"}");
        assertEquals(List.of(), events.hangups);

        text("{\"type\":\"status-update\",\"status\":\"ended\",\"endedReason\":\"assistant-ended-call\"}");
        text("{\"type\":\"status-update\",\"status\":\"ended\",\"endedReason\":\"assistant-ended-call\"}");

        assertEquals(List.of("assistant-ended-call"), events.hangups, "reported once");
        protocol.gatewayEnded();
        assertEquals(List.of(), wire.texts, "no end-call to an agent that ended the call");
    }

    @Test
    void endOfCallReportIsAWebhookMessageThatEndsNothingHere() throws Exception {
        text("{\"type\":\"end-of-call-report\",\"endedReason\":\"assistant-ended-call\"}");
        assertEquals(List.of(), events.hangups);
        assertEquals(0, wire.ignored);
    }

    @Test
    void webhookShapedMessagesAreUnwrapped() throws Exception {
        text("{\"message\":{\"type\":\"user-interrupted\"}}");
        assertEquals(1, events.clears.get());
    }

    @Test
    void transferUpdateAsksForATransferToItsNumberOrSipDestination() throws Exception {
        text("{\"type\":\"transfer-update\",\"destination\":{\"type\":\"number\",\"number\":\"+15550009999\"}}");
        text("{\"message\":{\"type\":\"transfer-update\",\"destination\":{\"type\":\"sip\","
                + "\"sipUri\":\"sip:desk@pbx.example.com\"}}}");
        text("{\"type\":\"phone-call-control\",\"request\":\"forward\","
                + "\"destination\":{\"type\":\"number\",\"number\":\"+15550008888\"}}");
        assertEquals(List.of("+15550009999", "sip:desk@pbx.example.com", "+15550008888"),
                events.transfers.stream().map(t -> t.destination()).toList());
        assertEquals(3, protocol.transfers());

        text("{\"type\":\"transfer-update\",\"destination\":{\"type\":\"number\"}}");
        text("{\"type\":\"transfer-update\"}");
        assertEquals(3, events.transfers.size(), "no destination, no transfer");
        assertEquals(2, wire.ignored);
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void phoneCallControlHangUpEndsTheCall() throws Exception {
        text("{\"type\":\"phone-call-control\",\"request\":\"hang-up\"}");
        assertEquals(1, events.hangups.size());
    }

    @Test
    void aFailedTransferIsToldAsASystemMessageTheAssistantAnswers() throws Exception {
        protocol.transferFailed("+15550009999", "403 Forbidden");
        assertEquals(1, wire.texts.size());
        JsonNode m = JSON.readTree(wire.texts.get(0));
        assertEquals("add-message", m.path("type").asText());
        assertEquals("system", m.path("message").path("role").asText());
        String content = m.path("message").path("content").asText();
        assertTrue(content.contains("+15550009999") && content.contains("403 Forbidden"), content);
        assertTrue(m.path("triggerResponseEnabled").asBoolean());
    }

    @Test
    void knownTypesAreIgnoredQuietlyAndUnknownOnesCounted() throws Exception {
        for (String type : List.of("transcript", "model-output", "conversation-update", "tool-calls", "hang",
                "metadata", "voice-input", "assistant.started", "assistant.speechStarted",
                "workflow.node.started", "language-change-detected", "tool-calls-result")) {
            text("{\"type\":\"" + type + "\",\"x\":[1,2]}");
        }
        assertEquals(0, wire.ignored);
        assertEquals(0, protocol.unknownMessages());

        text("{\"type\":\"something-new\"}");
        text("{\"no\":\"type\"}");

        assertEquals(2, wire.ignored);
        assertEquals(2, protocol.unknownMessages());
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void invalidJsonIsAProtocolErrorClosedWith1007() {
        for (String bad : List.of("{\"type\": speech-update}", "[1,2]", "\"hangup\"")) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> text(bad), bad);
            assertEquals(ProtocolException.INVALID_PAYLOAD, e.closeCode());
        }
    }

    @Test
    void theGatewayEndingTheCallSendsEndCallOnce() {
        protocol.gatewayEnded();
        protocol.gatewayEnded();
        assertEquals(List.of("{\"type\":\"end-call\"}"), wire.texts);
    }

    @Test
    void theEndCallMessageIsConfigurable() {
        VapiSettings custom = VapiSettings.builder("k").assistantId("a")
                .endCallMessage("{\"type\":\"hangup\",\"reason\":\"gateway\"}").build();
        VapiProtocol.factory(custom).create(Sessions.sample("c"), wire, events).gatewayEnded();
        assertEquals(List.of("{\"type\":\"hangup\",\"reason\":\"gateway\"}"), wire.texts);
    }

    @Test
    void marksAreNotPartOfVapi() {
        protocol.markPlayed("m1");
        assertEquals(List.of(), wire.texts);
        assertEquals(List.of(), wire.binaries);
    }

    @Test
    void dtmfUsesTheDefaultTemplate() throws Exception {
        protocol.sendDtmf(new DtmfDigit('7', 100));

        JsonNode sent = JSON.readTree(wire.texts.get(0));
        assertEquals("add-message", sent.get("type").asText());
        assertEquals("system", sent.get("message").get("role").asText());
        assertEquals("The caller pressed the 7 key.", sent.get("message").get("content").asText());
        assertTrue(sent.get("triggerResponseEnabled").asBoolean());
        assertEquals(1, protocol.dtmfSent());
    }

    @Test
    void dtmfUsesAConfiguredTemplateWithEveryPlaceholderReplaced() throws Exception {
        VapiSettings custom = VapiSettings.builder("k").assistantId("a")
                .dtmfMessageTemplate("{\"type\":\"say\",\"content\":\"{digit}\",\"digits\":[\"{digit}\"]}").build();
        VapiProtocol p = new VapiProtocol(custom, Sessions.sample("c"), wire, events);

        p.sendDtmf(new DtmfDigit('#', 80));

        JsonNode sent = JSON.readTree(wire.texts.get(0));
        assertEquals("#", sent.get("content").asText());
        assertEquals("#", sent.get("digits").get(0).asText());
    }

    @Test
    void digitsAreJsonEscaped() {
        assertEquals("\\\"", DtmfTemplate.escape('"'));
        assertEquals("\\\\", DtmfTemplate.escape('\\'));
        assertEquals("\\u0001", DtmfTemplate.escape('\u0001'));
        assertEquals("*", DtmfTemplate.escape('*'));
    }

    private void text(String json) throws ProtocolException {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            protocol.onText(buf);
        } finally {
            buf.release();
        }
    }
}
