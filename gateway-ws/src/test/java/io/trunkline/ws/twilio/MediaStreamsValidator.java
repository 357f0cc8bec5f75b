package io.trunkline.ws.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Checks the messages of one stream, in order, against the Twilio Media Streams format as the stream source sends
 * it: {@code connected}, then {@code start}, then {@code media}/{@code dtmf}/{@code mark}, then {@code stop} and
 * nothing more; string-typed counters counting up from 1; one stream SID throughout; 20 ms of μ-law per media
 * message. Also what Pipecat's Twilio support reads: {@code start.streamSid}, {@code start.callSid},
 * {@code start.customParameters}, {@code media.payload}, {@code dtmf.digit}.
 */
final class MediaStreamsValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGITS = "0123456789*#ABCD";

    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private int received;
    private long nextSequence = 1;
    private long nextChunk = 1;
    private long lastTimestamp = -1;
    private volatile JsonNode start;
    private boolean stopped;

    /** The {@code start} message, once received. */
    JsonNode start() {
        return start;
    }

    String streamSid() {
        return start == null ? null : start.path("streamSid").asText();
    }

    /** Checks one text message; returns it parsed, or null when it is not JSON. */
    JsonNode accept(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            violation("not JSON: " + text);
            return null;
        }
        messages.add(m);
        int index = received++;
        String event = m.path("event").asText("");
        if (stopped) {
            violation("message after stop: " + event);
        }
        if (index == 0) {
            expectConnected(m);
            return m;
        }
        if (index == 1) {
            expectStart(m);
            return m;
        }
        checkCommon(m);
        switch (event) {
            case "media" -> checkMedia(m);
            case "dtmf" -> checkDtmf(m);
            case "mark" -> checkMark(m);
            case "stop" -> checkStop(m);
            default -> violation("unexpected event " + event);
        }
        return m;
    }

    /** A binary frame: never part of this format. */
    void acceptBinary() {
        violation("binary frame");
    }

    private void expectConnected(JsonNode m) {
        if (!m.equals(node("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"))) {
            violation("first message must be connected, was " + m);
        }
    }

    private void expectStart(JsonNode m) {
        if (!"start".equals(m.path("event").asText())) {
            violation("second message must be start, was " + m);
            return;
        }
        JsonNode s = m.path("start");
        start = s;
        checkCommon(m);
        if (!s.path("streamSid").asText().matches("MZ[0-9a-f]{32}")) {
            violation("start.streamSid must be MZ + 32 hex: " + s.path("streamSid"));
        }
        if (!m.path("streamSid").equals(s.path("streamSid"))) {
            violation("streamSid and start.streamSid differ");
        }
        if (!s.path("accountSid").asText().startsWith("AC")) {
            violation("start.accountSid must start with AC");
        }
        if (!s.path("callSid").asText().startsWith("CA")) {
            violation("start.callSid must start with CA");
        }
        if (!s.path("tracks").equals(node("[\"inbound\"]"))) {
            violation("start.tracks must be [\"inbound\"]: " + s.path("tracks"));
        }
        if (!s.path("customParameters").isObject()) {
            violation("start.customParameters must be an object");
        }
        if (!s.path("mediaFormat").equals(node("{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}"))) {
            violation("start.mediaFormat: " + s.path("mediaFormat"));
        }
    }

    private void checkCommon(JsonNode m) {
        JsonNode seq = m.get("sequenceNumber");
        if (seq == null || !seq.isTextual() || !seq.asText().equals(Long.toString(nextSequence))) {
            violation("sequenceNumber must be the string \"" + nextSequence + "\", was " + seq);
        }
        nextSequence++;
        if (start != null && !m.path("streamSid").asText().equals(streamSid())) {
            violation("streamSid differs from start's: " + m.path("streamSid"));
        }
    }

    private void checkMedia(JsonNode m) {
        JsonNode media = m.path("media");
        if (!"inbound".equals(media.path("track").asText())) {
            violation("media.track must be inbound");
        }
        JsonNode chunk = media.get("chunk");
        if (chunk == null || !chunk.isTextual() || !chunk.asText().equals(Long.toString(nextChunk))) {
            violation("media.chunk must be the string \"" + nextChunk + "\", was " + chunk);
        }
        nextChunk++;
        JsonNode timestamp = media.get("timestamp");
        if (timestamp == null || !timestamp.isTextual() || !timestamp.asText().matches("\\d+")) {
            violation("media.timestamp must be a string of digits, was " + timestamp);
        } else {
            long t = Long.parseLong(timestamp.asText());
            if (t < lastTimestamp) {
                violation("media.timestamp went back from " + lastTimestamp + " to " + t);
            }
            lastTimestamp = t;
        }
        JsonNode payload = media.get("payload");
        try {
            if (payload == null || !payload.isTextual() || Base64.getDecoder().decode(payload.asText()).length != 160) {
                violation("media.payload must be 160 bytes (20 ms of μ-law) in base64");
            }
        } catch (IllegalArgumentException e) {
            violation("media.payload is not base64");
        }
    }

    private void checkDtmf(JsonNode m) {
        JsonNode dtmf = m.path("dtmf");
        if (!"inbound_track".equals(dtmf.path("track").asText())) {
            violation("dtmf.track must be inbound_track");
        }
        String digit = dtmf.path("digit").asText("");
        if (!dtmf.path("digit").isTextual() || digit.length() != 1 || DIGITS.indexOf(digit.charAt(0)) < 0) {
            violation("dtmf.digit must be one key as a string: " + dtmf.path("digit"));
        }
    }

    private void checkMark(JsonNode m) {
        if (!m.path("mark").path("name").isTextual() || m.path("mark").path("name").asText().isEmpty()) {
            violation("mark.name must be a non-empty string");
        }
    }

    private void checkStop(JsonNode m) {
        JsonNode stop = m.path("stop");
        if (!stop.path("accountSid").equals(start.path("accountSid"))
                || !stop.path("callSid").equals(start.path("callSid"))) {
            violation("stop must repeat start's accountSid and callSid: " + stop);
        }
        stopped = true;
    }

    private void violation(String what) {
        violations.add(what);
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
