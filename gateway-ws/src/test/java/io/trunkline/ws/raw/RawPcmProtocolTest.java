package io.trunkline.ws.raw;

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

class RawPcmProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeWire wire = new FakeWire();
    private final RecordingListener events = new RecordingListener();
    private final RawPcmProtocol protocol = new RawPcmProtocol(AudioFormat.PCM16_16K, Sessions.sample("call-1"),
            wire, events);

    @Test
    void openSendsStartWithCallPartiesAndMetadataAndIsReadyAtOnce() throws Exception {
        protocol.onOpen();

        assertEquals(1, wire.texts.size());
        JsonNode start = JSON.readTree(wire.texts.get(0));
        assertEquals("start", start.get("type").asText());
        assertEquals("call-1", start.get("callId").asText());
        assertEquals("sip:+15550001111@carrier", start.get("from").asText());
        assertEquals("sip:+15550002222@gateway", start.get("to").asText());
        assertEquals(16000, start.get("sampleRate").asInt());
        assertEquals("acme", start.get("metadata").get("X-Tenant").asText());
    }

    @Test
    void controlMessagesToTheAgent() throws Exception {
        protocol.sendDtmf(new DtmfDigit('5', 120));
        protocol.markPlayed("m1");
        protocol.gatewayEnded();

        List<JsonNode> sent = wire.texts.stream().map(RawPcmProtocolTest::parse).toList();
        assertEquals("dtmf", sent.get(0).get("type").asText());
        assertEquals("5", sent.get(0).get("digit").asText());
        assertEquals(120, sent.get(0).get("durationMs").asInt());
        assertEquals("mark", sent.get(1).get("type").asText());
        assertEquals("m1", sent.get(1).get("name").asText());
        assertEquals("{\"type\":\"hangup\"}", wire.texts.get(2));
    }

    @Test
    void audioIsCopiedIntoOneBinaryFrameAndTheBorrowedBufferIsLeftAlone() {
        byte[] pcm = new byte[640];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) i;
        }
        ByteBuffer frame = ByteBuffer.wrap(pcm);

        protocol.sendAudio(frame);

        assertEquals(1, wire.binaries.size());
        assertArrayEquals(pcm, wire.binaries.get(0));
        assertEquals(0, frame.position());
        assertEquals(640, frame.limit());
    }

    @Test
    void agentControlMessagesBecomeListenerEvents() throws Exception {
        text("{\"type\":\"clear\"}");
        text("{\"type\":\"mark\",\"name\":\"greeting-end\"}");
        text("{\"type\":\"hangup\",\"reason\":\"goodbye\"}");

        assertEquals(1, events.clears.get());
        assertEquals(List.of("greeting-end"), events.marks);
        assertEquals(List.of("goodbye"), events.hangups);
    }

    @Test
    void hangupWithoutReasonGetsADefaultReason() throws Exception {
        text("{\"type\":\"hangup\"}");

        assertEquals(List.of("agent hung up"), events.hangups);
    }

    @Test
    void unknownTypesAreCountedAndIgnored() throws Exception {
        text("{\"type\":\"transcript\",\"text\":\"hello\"}");
        text("{\"type\":\"status\"}");

        assertEquals(2, protocol.unknownMessages());
        assertEquals(2, wire.ignored);
        assertEquals(0, events.clears.get() + events.marks.size() + events.hangups.size());
    }

    @Test
    void invalidMessagesAreProtocolErrorsWithStatus1007() {
        for (String bad : List.of("{not json", "[1,2]", "\"clear\"", "{\"kind\":\"clear\"}", "{\"type\":7}",
                "{\"type\":\"mark\"}", "{\"type\":\"mark\",\"name\":\"\"}", "")) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> text(bad), bad);
            assertEquals(1007, e.closeCode(), bad);
        }
        assertEquals(0, protocol.unknownMessages());
    }

    @Test
    void aTransferMessageAsksForATransfer() throws Exception {
        text("{\"type\":\"transfer\",\"to\":\"+15550009999\",\"reason\":\"billing\"}");
        text("{\"type\":\"transfer\",\"to\":\"sip:desk@pbx.example.com\"}");
        assertEquals(2, events.transfers.size());
        assertEquals("+15550009999", events.transfers.get(0).destination());
        assertEquals("billing", events.transfers.get(0).reason());
        assertEquals("sip:desk@pbx.example.com", events.transfers.get(1).destination());
        for (String bad : List.of("{\"type\":\"transfer\"}", "{\"type\":\"transfer\",\"to\":\" \"}",
                "{\"type\":\"transfer\",\"to\":5}")) {
            assertEquals(1007, assertThrows(ProtocolException.class, () -> text(bad), bad).closeCode(), bad);
        }
    }

    @Test
    void aFailedTransferIsAnEvent() {
        protocol.transferFailed("+15550009999", "403 Forbidden");
        JsonNode m = parse(wire.texts.get(0));
        assertEquals("transfer-failed", m.path("type").asText());
        assertEquals("+15550009999", m.path("to").asText());
        assertEquals("403 Forbidden", m.path("reason").asText());
    }

    @Test
    void binaryFramesPassThroughEvenWithAnOddLength() throws Exception {
        byte[] odd = {1, 2, 3, 4, 5};
        ByteBuf buf = Unpooled.directBuffer(16).writeBytes(odd);
        try {
            protocol.onBinary(buf);
        } finally {
            buf.release();
        }

        assertArrayEquals(odd, events.audio());
    }

    @Test
    void rejectsFormatsOtherThanPcm16() {
        assertThrows(IllegalArgumentException.class, () -> RawPcmProtocol.factory(AudioFormat.PCMU_8K));
        assertEquals(AudioFormat.PCM16_8K,
                RawPcmProtocol.factory(AudioFormat.PCM16_8K).create(Sessions.sample("c"), wire, events).format());
    }

    private void text(String json) throws ProtocolException {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            protocol.onText(buf);
        } finally {
            buf.release();
        }
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
