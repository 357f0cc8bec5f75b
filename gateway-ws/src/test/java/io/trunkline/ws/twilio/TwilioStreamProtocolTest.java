package io.trunkline.ws.twilio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.AgentProtocolException;
import io.trunkline.ws.FakeWire;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwilioStreamProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI URL = URI.create("ws://127.0.0.1:1/stream");

    private final FakeWire wire = new FakeWire();
    private final RecordingListener events = new RecordingListener();
    private final TwilioStreamProtocol protocol = new TwilioStreamProtocol(
            new TwilioStreamSettings(URL, Map.of("bot", "sales"), null), Sessions.sample("call-1"), wire, events);

    @Test
    void openSendsConnectedThenStart() throws Exception {
        assertTrue(protocol.onOpen());

        assertEquals(2, wire.texts.size());
        assertEquals(JSON.readTree("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"),
                sent(0));
        JsonNode start = sent(1);
        String sid = protocol.streamSid();
        assertTrue(sid.matches("MZ[0-9a-f]{32}"), sid);
        assertEquals("start", start.get("event").asText());
        assertEquals("1", start.get("sequenceNumber").textValue(), "counters are strings");
        assertEquals(sid, start.get("streamSid").asText());
        JsonNode expected = JSON.readTree("{\"streamSid\":\"" + sid + "\",\"accountSid\":\"AC456\","
                + "\"callSid\":\"CA123\",\"tracks\":[\"inbound\"],"
                + "\"customParameters\":{\"X-Tenant\":\"acme\",\"bot\":\"sales\"},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}");
        assertEquals(expected, start.get("start"));
        assertEquals(AudioFormat.PCMU_8K, protocol.format());
    }

    @Test
    void callsWithoutTwilioHeadersGetGeneratedAndDefaultSids() throws Exception {
        AgentSession plain = new AgentSession("c", new CallParties("s", "sip:a@b", "sip:c@d", null, null, null, null,
                Map.of()));
        TwilioStreamProtocol p = new TwilioStreamProtocol(TwilioStreamSettings.of(URL), plain, wire, events);
        TwilioStreamProtocol other = new TwilioStreamProtocol(TwilioStreamSettings.of(URL), plain, wire, events);

        p.onOpen();

        JsonNode start = sent(1).get("start");
        assertTrue(start.get("callSid").asText().matches("CA[0-9a-f]{32}"));
        assertEquals(TwilioStreamSettings.DEFAULT_ACCOUNT_SID, start.get("accountSid").asText());
        assertEquals("{}", start.get("customParameters").toString());
        assertNotEquals(p.streamSid(), other.streamSid());
        assertNotEquals(p.callSid(), other.callSid());
    }

    @Test
    void configuredParametersWinOverCallHeaders() throws Exception {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("X-Tenant", "configured");
        TwilioStreamProtocol p = new TwilioStreamProtocol(new TwilioStreamSettings(URL, configured, "AC1"),
                Sessions.sample("c"), wire, events);

        p.onOpen();

        assertEquals("configured", sent(1).get("start").get("customParameters").get("X-Tenant").asText());
    }

    @Test
    void mediaMessagesCountAndCarryBase64MuLaw() throws Exception {
        protocol.onOpen();
        byte[][] frames = new byte[3][160];
        new Random(1).nextBytes(frames[0]);
        new Random(2).nextBytes(frames[1]);
        frames[2][0] = (byte) 0xff;

        long previous = -1;
        for (int i = 0; i < frames.length; i++) {
            ByteBuffer borrowed = ByteBuffer.wrap(frames[i]);
            protocol.sendAudio(borrowed);
            assertEquals(0, borrowed.position());

            JsonNode media = sent(2 + i);
            assertEquals("media", media.get("event").asText());
            assertEquals(String.valueOf(2 + i), media.get("sequenceNumber").textValue());
            assertEquals(protocol.streamSid(), media.get("streamSid").asText());
            JsonNode m = media.get("media");
            assertEquals("inbound", m.get("track").asText());
            assertEquals(String.valueOf(i + 1), m.get("chunk").textValue());
            long timestamp = Long.parseLong(m.get("timestamp").textValue());
            assertTrue(timestamp >= previous && timestamp >= 0);
            previous = timestamp;
            assertArrayEquals(frames[i], Base64.getDecoder().decode(m.get("payload").textValue()));
        }
    }

    @Test
    void controlMessagesShareTheSequence() throws Exception {
        protocol.onOpen();
        protocol.sendAudio(ByteBuffer.wrap(new byte[160]));
        protocol.sendDtmf(new DtmfDigit('#', 100));
        protocol.markPlayed("m1");
        protocol.gatewayEnded();

        String sid = protocol.streamSid();
        assertEquals(JSON.readTree("{\"event\":\"dtmf\",\"streamSid\":\"" + sid + "\",\"sequenceNumber\":\"3\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"#\"}}"), sent(3));
        assertEquals(JSON.readTree("{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"sequenceNumber\":\"4\","
                + "\"mark\":{\"name\":\"m1\"}}"), sent(4));
        assertEquals(JSON.readTree("{\"event\":\"stop\",\"streamSid\":\"" + sid + "\",\"sequenceNumber\":\"5\","
                + "\"stop\":{\"accountSid\":\"AC456\",\"callSid\":\"CA123\"}}"), sent(5));
    }

    @Test
    void agentMediaMarksAndClearsReachTheListener() throws Exception {
        String sid = protocol.streamSid();
        byte[] audio = new byte[333];
        new Random(3).nextBytes(audio);

        text("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}");
        // Field order is free, and fields Twilio would add are skipped.
        text("{\"media\":{\"track\":\"outbound\",\"payload\":\"" + Base64.getEncoder().encodeToString(audio)
                + "\",\"extra\":[1,{\"a\":2}]},\"streamSid\":\"" + sid + "\",\"event\":\"media\"}");
        text("{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{\"name\":\"m7\"}}");
        text("{\"event\":\"clear\",\"streamSid\":\"" + sid + "\"}");
        // Unpadded base64 is accepted.
        text("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"AQ\"}}");

        byte[] expected = new byte[audio.length * 2 + 1];
        System.arraycopy(audio, 0, expected, 0, audio.length);
        System.arraycopy(audio, 0, expected, audio.length, audio.length);
        expected[expected.length - 1] = 1;
        assertArrayEquals(expected, events.audio());
        assertEquals(List.of("m7"), events.marks);
        assertEquals(1, events.clears.get());
        assertEquals(0, protocol.protocolErrors());
    }

    @Test
    void agentMessagesInADirectBufferAreRead() throws Exception {
        String sid = protocol.streamSid();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer();
        direct.writeCharSequence("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"AAEC\"}}",
                StandardCharsets.UTF_8);
        try {
            protocol.onText(direct);
        } finally {
            direct.release();
        }
        assertArrayEquals(new byte[] {0, 1, 2}, events.audio());
    }

    @Test
    void anythingElseIsAProtocolError() {
        String sid = protocol.streamSid();
        List<String> bad = List.of(
                "{\"event\": media}",
                "[]",
                "{\"streamSid\":\"" + sid + "\"}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}",
                "{\"event\":\"media\",\"streamSid\":\"MZ00000000000000000000000000000000\",\"media\":{\"payload\":\"AAAA\"}}",
                "{\"event\":\"start\",\"streamSid\":\"" + sid + "\"}",
                "{\"event\":\"hangup\",\"streamSid\":\"" + sid + "\"}",
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{}}",
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"!!!!\"}}",
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":\"AAAA\"}",
                "{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{}}",
                "{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{\"name\":3}}",
                "{\"event\":7,\"streamSid\":\"" + sid + "\"}",
                "{\"event\":\"clear\",\"streamSid\":\"" + sid + "\"} {}");
        for (String message : bad) {
            AgentProtocolException e = assertThrows(AgentProtocolException.class, () -> text(message), message);
            assertEquals(AgentProtocolException.INVALID_PAYLOAD, e.closeCode(), message);
        }
        assertEquals(bad.size(), protocol.protocolErrors());
        assertEquals(0, events.audioBytes());
        assertEquals(0, events.clears.get());
        assertTrue(events.marks.isEmpty());
    }

    @Test
    void binaryFramesAreUnsupportedData() {
        ByteBuf data = Unpooled.wrappedBuffer(new byte[160]);
        AgentProtocolException e = assertThrows(AgentProtocolException.class, () -> protocol.onBinary(data));
        assertEquals(AgentProtocolException.UNSUPPORTED_DATA, e.closeCode());
        assertEquals(0, events.audioBytes());
    }

    @Test
    void unknownEventNamesAreMadeSafeForTheLog() {
        String sid = protocol.streamSid();
        AgentProtocolException e = assertThrows(AgentProtocolException.class,
                () -> text("{\"event\":\"bad\\nline" + "x".repeat(100) + "\",\"streamSid\":\"" + sid + "\"}"));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
    }

    @Test
    void base64MatchesTheJdkForEveryTailLength() {
        Random random = new Random(4);
        for (int n = 0; n <= 50; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            ByteBuffer src = ByteBuffer.wrap(new byte[n + 2], 1, n).slice();
            src.put(data).flip();
            ByteBuf out = Unpooled.buffer();
            try {
                Ascii.writeBase64(src, out);
                assertEquals(Base64.getEncoder().encodeToString(data), out.toString(StandardCharsets.US_ASCII));
                assertEquals(Ascii.base64Length(n), out.readableBytes());
            } finally {
                out.release();
            }
        }
    }

    @Test
    void decimalsAreWrittenWithoutStrings() {
        ByteBuf out = Unpooled.buffer(1);
        try {
            for (long v : new long[] {0, 9, 10, 12345, Long.MAX_VALUE}) {
                out.clear();
                Ascii.writeDecimal(out, v);
                assertEquals(Long.toString(v), out.toString(StandardCharsets.US_ASCII));
            }
        } finally {
            out.release();
        }
    }

    @Test
    void settingsValidateAndRedact() {
        assertThrows(IllegalArgumentException.class, () -> TwilioStreamSettings.of(URI.create("http://h/x")));
        assertThrows(IllegalArgumentException.class,
                () -> new TwilioStreamSettings(URL, java.util.Collections.singletonMap("a", null), null));
        TwilioStreamSettings s = new TwilioStreamSettings(URI.create("wss://agent.example/s?token=secret"),
                Map.of("auth", "hidden-value"), null);
        assertFalse(s.toString().contains("secret"), s.toString());
        assertFalse(s.toString().contains("hidden-value"), s.toString());
        assertEquals("AC00000000000000000000000000000000", s.accountSid());
    }

    private JsonNode sent(int index) throws Exception {
        return JSON.readTree(wire.texts.get(index));
    }

    private void text(String json) throws AgentProtocolException {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            protocol.onText(buf);
        } finally {
            buf.release();
        }
    }
}
