package io.trunkline.ws.twilio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.ws.protocol.Json;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The messages the gateway sends when it plays Twilio's part, for one stream. Counters and timestamps are JSON
 * strings, as Twilio sends them. Control messages are rare and written with Jackson; {@code media}, fifty times a
 * second, is assembled from prepared bytes straight into one pooled buffer.
 */
final class TwilioMessages {

    private static final byte[] MEDIA_HEAD = Ascii.bytes("{\"event\":\"media\",\"sequenceNumber\":\"");
    private static final byte[] MEDIA_TIMESTAMP = Ascii.bytes("\",\"timestamp\":\"");
    private static final byte[] MEDIA_PAYLOAD = Ascii.bytes("\",\"payload\":\"");
    private static final byte[] MEDIA_TAIL = Ascii.bytes("\"}}");
    /** Room for three decimal counters of up to 19 digits. */
    private static final int NUMBERS = 3 * 19;

    private final String streamSid;
    /** {@code ","streamSid":"MZ…","media":{"track":"inbound","chunk":"}: the part every media message shares. */
    private final byte[] mediaMiddle;

    /** @param streamSid the stream's SID; ASCII letters and digits only (it is copied into JSON unescaped) */
    TwilioMessages(String streamSid) {
        for (int i = 0; i < streamSid.length(); i++) {
            if (!Character.isLetterOrDigit(streamSid.charAt(i)) || streamSid.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("streamSid must be ASCII letters and digits");
            }
        }
        this.streamSid = streamSid;
        this.mediaMiddle = Ascii.bytes("\",\"streamSid\":\"" + streamSid
                + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"");
    }

    /** {@code {"event":"connected","protocol":"Call","version":"1.0.0"}} */
    static ByteBuf connected(ByteBufAllocator alloc) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("event", "connected");
            g.writeStringField("protocol", "Call");
            g.writeStringField("version", "1.0.0");
            g.writeEndObject();
        });
    }

    /** {@code start}: the stream and call SIDs, the inbound track, custom parameters and the μ-law format. */
    ByteBuf start(ByteBufAllocator alloc, long sequence, String accountSid, String callSid,
            Map<String, String> customParameters) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("event", "start");
            g.writeStringField("sequenceNumber", Long.toString(sequence));
            g.writeStringField("streamSid", streamSid);
            g.writeObjectFieldStart("start");
            g.writeStringField("streamSid", streamSid);
            g.writeStringField("accountSid", accountSid);
            g.writeStringField("callSid", callSid);
            g.writeArrayFieldStart("tracks");
            g.writeString("inbound");
            g.writeEndArray();
            g.writeObjectFieldStart("customParameters");
            for (Map.Entry<String, String> p : customParameters.entrySet()) {
                g.writeStringField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("mediaFormat");
            g.writeStringField("encoding", "audio/x-mulaw");
            g.writeNumberField("sampleRate", 8000);
            g.writeNumberField("channels", 1);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code media} with one frame of caller audio (borrowed; its position is kept) as base64. */
    ByteBuf media(ByteBufAllocator alloc, long sequence, long chunk, long timestampMillis, ByteBuffer audio) {
        int size = MEDIA_HEAD.length + mediaMiddle.length + MEDIA_TIMESTAMP.length + MEDIA_PAYLOAD.length
                + MEDIA_TAIL.length + NUMBERS + Ascii.base64Length(audio.remaining());
        ByteBuf buf = alloc.directBuffer(size);
        buf.writeBytes(MEDIA_HEAD);
        Ascii.writeDecimal(buf, sequence);
        buf.writeBytes(mediaMiddle);
        Ascii.writeDecimal(buf, chunk);
        buf.writeBytes(MEDIA_TIMESTAMP);
        Ascii.writeDecimal(buf, timestampMillis);
        buf.writeBytes(MEDIA_PAYLOAD);
        Ascii.writeBase64(audio, buf);
        buf.writeBytes(MEDIA_TAIL);
        return buf;
    }

    /** {@code {"event":"dtmf",…,"dtmf":{"track":"inbound_track","digit":"1"}}} */
    ByteBuf dtmf(ByteBufAllocator alloc, long sequence, char digit) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("event", "dtmf");
            g.writeStringField("streamSid", streamSid);
            g.writeStringField("sequenceNumber", Long.toString(sequence));
            g.writeObjectFieldStart("dtmf");
            g.writeStringField("track", "inbound_track");
            g.writeStringField("digit", String.valueOf(digit));
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code {"event":"mark",…,"mark":{"name":…}}}: the audio queued before the agent's mark was played. */
    ByteBuf mark(ByteBufAllocator alloc, long sequence, String name) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("event", "mark");
            g.writeStringField("streamSid", streamSid);
            g.writeStringField("sequenceNumber", Long.toString(sequence));
            g.writeObjectFieldStart("mark");
            g.writeStringField("name", name);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code {"event":"stop",…,"stop":{"accountSid":…,"callSid":…}}}: the caller hung up. */
    ByteBuf stop(ByteBufAllocator alloc, long sequence, String accountSid, String callSid) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("event", "stop");
            g.writeStringField("streamSid", streamSid);
            g.writeStringField("sequenceNumber", Long.toString(sequence));
            g.writeObjectFieldStart("stop");
            g.writeStringField("accountSid", accountSid);
            g.writeStringField("callSid", callSid);
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
