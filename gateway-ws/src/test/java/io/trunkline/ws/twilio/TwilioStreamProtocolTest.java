package io.trunkline.ws.twilio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.FakeWire;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.transport.Endpoint;
import io.trunkline.ws.vapi.LogCapture;
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
        protocol.onOpen();

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
        assertEquals("{\"from_number\":\"a\",\"to_number\":\"c\"}", start.get("customParameters").toString(),
                "by default the numbers, as Pipecat's Twilio runner reads them");
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
    void agentMediaMarksAndClearsReachTheListener() {
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
        assertEquals(0, protocol.ignoredMessages());
    }

    @Test
    void agentMessagesInADirectBufferAreRead() {
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
    void placeholdersAreFilledWithTheCallsFacts() throws Exception {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("caller", "{from}");
        configured.put("called", "tel:{to}");
        configured.put("sids", "{callSid}/{accountSid}");
        configured.put("call", "{callId}");
        configured.put("tenant", "{header:x-tenant}");
        configured.put("twilioSid", "{header:X-Twilio-CallSid}");
        configured.put("absent", "[{header:X-Missing}]");
        configured.put("braces", "{{literal}}");
        TwilioStreamProtocol p = new TwilioStreamProtocol(new TwilioStreamSettings(URL, configured, null),
                Sessions.sample("call-7"), wire, events);

        p.onOpen();

        assertEquals(JSON.readTree("{\"X-Tenant\":\"acme\",\"caller\":\"+15550001111\","
                + "\"called\":\"tel:+15550002222\",\"sids\":\"CA123/AC456\",\"call\":\"call-7\","
                + "\"tenant\":\"acme\",\"twilioSid\":\"CA123\",\"absent\":\"[]\",\"braces\":\"{literal}\"}"),
                sent(1).get("start").get("customParameters"));
    }

    @Test
    void placeholdersForAGeneratedCallSidUseTheSidToldToTheAgent() throws Exception {
        AgentSession plain = new AgentSession("c", new CallParties("s", "\"Alice\" <sip:+441234@carrier;user=phone>",
                "<tel:+15550002222>", null, null, null, null, Map.of()));
        TwilioStreamProtocol p = new TwilioStreamProtocol(new TwilioStreamSettings(URL,
                Map.of("sid", "{callSid}", "from", "{from}", "to", "{to}"), null), plain, wire, events);

        p.onOpen();

        JsonNode params = sent(1).get("start").get("customParameters");
        assertEquals(p.callSid(), params.get("sid").asText());
        assertEquals("+441234", params.get("from").asText());
        assertEquals("+15550002222", params.get("to").asText());
    }

    @Test
    void malformedMessagesAreIgnoredCountedByReasonAndTheStreamGoesOn() throws Exception {
        String sid = protocol.streamSid();
        Map<String, IgnoredMessage> bad = new LinkedHashMap<>();
        bad.put("{\"event\": media}", IgnoredMessage.INVALID_JSON);
        bad.put("[]", IgnoredMessage.INVALID_JSON);
        bad.put("", IgnoredMessage.INVALID_JSON);
        bad.put("{\"event\":\"clear\",\"streamSid\":\"" + sid + "\"} {}", IgnoredMessage.INVALID_JSON);
        bad.put("{\"streamSid\":\"" + sid + "\"}", IgnoredMessage.NO_EVENT);
        bad.put("{\"type\":\"conversation_initiation_client_data\",\"conversation_config_override\":{}}",
                IgnoredMessage.NO_EVENT);
        bad.put("{\"event\":\"start\",\"streamSid\":\"" + sid + "\"}", IgnoredMessage.UNKNOWN_EVENT);
        bad.put("{\"event\":\"hangup\",\"streamSid\":\"" + sid + "\"}", IgnoredMessage.UNKNOWN_EVENT);
        bad.put("{\"event\":\"transcript\",\"media\":7}", IgnoredMessage.UNKNOWN_EVENT);
        bad.put("{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}", IgnoredMessage.WRONG_STREAM);
        bad.put("{\"event\":\"media\",\"streamSid\":\"MZ00000000000000000000000000000000\",\"media\":{\"payload\":\"AAAA\"}}",
                IgnoredMessage.WRONG_STREAM);
        bad.put("{\"event\":\"clear\",\"streamSid\":5}", IgnoredMessage.WRONG_STREAM);
        bad.put("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{}}", IgnoredMessage.INVALID_FIELD);
        bad.put("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"!!!!\"}}",
                IgnoredMessage.INVALID_FIELD);
        bad.put("{\"media\":{\"payload\":\"!!!!\"},\"event\":\"media\",\"streamSid\":\"" + sid + "\"}",
                IgnoredMessage.INVALID_FIELD);
        bad.put("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":\"AAAA\"}", IgnoredMessage.INVALID_FIELD);
        bad.put("{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{}}", IgnoredMessage.INVALID_FIELD);
        bad.put("{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{\"name\":3}}", IgnoredMessage.INVALID_FIELD);
        bad.put("{\"event\":7,\"streamSid\":\"" + sid + "\"}", IgnoredMessage.INVALID_FIELD);
        List<IgnoredMessage> observed = new java.util.ArrayList<>();
        TwilioStreamProtocol p = observed(observed);
        Map<IgnoredMessage, Integer> expected = new java.util.EnumMap<>(IgnoredMessage.class);

        for (Map.Entry<String, IgnoredMessage> m : bad.entrySet()) {
            text(p, m.getKey().replace(sid, p.streamSid()));
            expected.merge(m.getValue(), 1, Integer::sum);
            assertEquals(m.getValue(), observed.get(observed.size() - 1), m.getKey());
        }

        for (IgnoredMessage reason : IgnoredMessage.values()) {
            assertEquals(expected.getOrDefault(reason, 0).longValue(), p.ignored(reason), reason.tag());
        }
        assertEquals(bad.size(), p.ignoredMessages());
        assertEquals(bad.size(), wire.ignored, "the leg's own count");
        assertEquals(0, events.audioBytes());
        assertEquals(0, events.clears.get());
        assertTrue(events.marks.isEmpty());
        // The stream is intact: the next good messages are played and acted on.
        text(p, "{\"event\":\"media\",\"streamSid\":\"" + p.streamSid() + "\",\"media\":{\"payload\":\"AAEC\"}}");
        text(p, "{\"event\":\"mark\",\"streamSid\":\"" + p.streamSid() + "\",\"mark\":{\"name\":\"m\"}}");
        text(p, "{\"event\":\"clear\",\"streamSid\":\"" + p.streamSid() + "\"}");
        assertArrayEquals(new byte[] {0, 1, 2}, events.audio());
        assertEquals(List.of("m"), events.marks);
        assertEquals(1, events.clears.get());
        assertEquals(bad.size(), p.ignoredMessages());
    }

    @Test
    void binaryFramesAreIgnored() {
        List<IgnoredMessage> observed = new java.util.ArrayList<>();
        TwilioStreamProtocol p = observed(observed);
        ByteBuf data = Unpooled.wrappedBuffer(new byte[160]);
        try {
            p.onBinary(data);
        } finally {
            data.release();
        }
        assertEquals(List.of(IgnoredMessage.BINARY), observed);
        assertEquals(1, p.ignored(IgnoredMessage.BINARY));
        assertEquals(0, events.audioBytes());
    }

    @Test
    void ignoredMessagesAreLoggedOncePerStreamAndMadeSafeForTheLog() {
        String sid = protocol.streamSid();
        try (LogCapture logs = LogCapture.open()) {
            text("{\"event\":\"bad\\nline" + "x".repeat(100) + "\",\"streamSid\":\"" + sid + "\"}");
            text("{\"event\":\"other\"}");
            text("not json");

            List<String> lines = logs.lines(Level.WARN);
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(line.contains("call-1") && line.contains("unknown_event"), line);
            assertFalse(line.contains("\n"), line);
            assertFalse(line.contains("x".repeat(50)), line);
        }
        assertEquals(3, protocol.ignoredMessages());

        TwilioStreamProtocol other = new TwilioStreamProtocol(TwilioStreamSettings.of(URL), Sessions.sample("call-2"),
                wire, events);
        try (LogCapture logs = LogCapture.open()) {
            text(other, "[1]");
            assertEquals(1, logs.lines(Level.WARN).size(), "each stream logs its first");
        }
    }

    @Test
    void stopIsSentWhateverEndsTheCall() throws Exception {
        protocol.onOpen();
        protocol.gatewayEnded();
        JsonNode stop = sent(2);
        assertEquals("stop", stop.get("event").asText());
        assertEquals("CA123", stop.get("stop").get("callSid").asText());
    }

    @Test
    void theSignatureIsTwilios() throws Exception {
        URI url = URI.create("wss://agent.example.com:8443/media?tenant=acme&x=1");
        String expected = hmacSha1Base64("12345", url.toString());
        assertEquals(expected, TwilioSignature.of("12345", url));
        Endpoint endpoint = TwilioStreamSettings.of(url).signedWith("12345").endpoint();
        assertEquals(Map.of("X-Twilio-Signature", expected), endpoint.headers());
        assertEquals(Map.of(), TwilioStreamSettings.of(url).endpoint().headers(), "unsigned without a token");
        // A URL without a path is requested, and validated, as "/".
        assertEquals(hmacSha1Base64("12345", "wss://agent.example.com/?a=b"),
                TwilioSignature.of("12345", URI.create("wss://agent.example.com?a=b")));
    }

    /** Twilio's algorithm, written out independently of the gateway's code. */
    static String hmacSha1Base64(String key, String data) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
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
                Map.of("auth", "hidden-value"), null, "auth-token-value");
        assertFalse(s.toString().contains("secret"), s.toString());
        assertFalse(s.toString().contains("hidden-value"), s.toString());
        assertFalse(s.toString().contains("auth-token-value"), s.toString());
        assertFalse(s.endpoint().toString().contains("secret"), s.endpoint().toString());
        assertEquals("agent.custom-parameters", assertThrows(ConfigException.class,
                () -> new TwilioStreamSettings(URL, Map.of("a", "{caller}"), null)).key());
        assertEquals("AC00000000000000000000000000000000", s.accountSid());
    }

    private JsonNode sent(int index) throws Exception {
        return JSON.readTree(wire.texts.get(index));
    }

    private void text(String json) {
        text(protocol, json);
    }

    private static void text(TwilioStreamProtocol p, String json) {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            p.onText(buf);
        } finally {
            buf.release();
        }
    }

    /** A protocol from the connector's factory, whose ignored messages land in {@code observed}. */
    private TwilioStreamProtocol observed(List<IgnoredMessage> observed) {
        return (TwilioStreamProtocol) TwilioStreamProtocol.factory(TwilioStreamSettings.of(URL), observed::add)
                .create(Sessions.sample("call-3"), wire, events);
    }
}
