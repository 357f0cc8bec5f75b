package io.trunkline.ws.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.protocol.Json;
import java.util.Map;

/** The JSON messages the gateway sends in the raw PCM protocol. */
final class RawPcmMessages {

    private RawPcmMessages() {
    }

    /** {@code {"type":"start","callId":..,"from":..,"to":..,"encoding":"pcm_s16le","sampleRate":..,"metadata":{..}}} */
    static ByteBuf start(ByteBufAllocator alloc, AgentSession session, AudioFormat format) {
        CallParties parties = session.parties();
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("type", "start");
            g.writeStringField("callId", session.callId());
            g.writeStringField("from", parties.from());
            g.writeStringField("to", parties.to());
            g.writeStringField("encoding", "pcm_s16le");
            g.writeNumberField("sampleRate", format.sampleRate());
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> header : parties.customHeaders().entrySet()) {
                g.writeStringField(header.getKey(), header.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code {"type":"dtmf","digit":"5","durationMs":120}} */
    static ByteBuf dtmf(ByteBufAllocator alloc, DtmfDigit digit) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("type", "dtmf");
            g.writeStringField("digit", String.valueOf(digit.digit()));
            g.writeNumberField("durationMs", digit.durationMillis());
            g.writeEndObject();
        });
    }

    /** {@code {"type":"mark","name":..}} */
    static ByteBuf mark(ByteBufAllocator alloc, String name) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("type", "mark");
            g.writeStringField("name", name);
            g.writeEndObject();
        });
    }

    /** {@code {"type":"hangup"}} */
    static ByteBuf hangup(ByteBufAllocator alloc) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("type", "hangup");
            g.writeEndObject();
        });
    }

    /** {@code {"type":"transfer-failed","to":..,"reason":..}} */
    static ByteBuf transferFailed(ByteBufAllocator alloc, String destination, String reason) {
        return Json.write(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("type", "transfer-failed");
            g.writeStringField("to", destination);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        });
    }
}
