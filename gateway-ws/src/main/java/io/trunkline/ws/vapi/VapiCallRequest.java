package io.trunkline.ws.vapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.record.CallParties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /call} for one call: the assistant, the WebSocket transport with its audio format, and
 * what the gateway knows about the call, both as call {@code metadata} (visible in Vapi's call log and webhooks)
 * and as {@code assistantOverrides.variableValues} (usable as {@code {{name}}} in the assistant's prompts).
 */
final class VapiCallRequest {

    private static final JsonFactory JSON = new JsonFactory();

    private VapiCallRequest() {
    }

    static byte[] body(VapiSettings settings, AgentSession session) {
        Map<String, String> facts = callFacts(session);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (settings.assistantId() != null) {
                g.writeStringField("assistantId", settings.assistantId());
            } else {
                g.writeFieldName("assistant");
                g.writeRawValue(settings.assistant());
            }
            g.writeObjectFieldStart("transport");
            g.writeStringField("provider", "vapi.websocket");
            g.writeObjectFieldStart("audioFormat");
            g.writeStringField("format", settings.mulaw() ? "mulaw" : "pcm_s16le");
            g.writeStringField("container", "raw");
            g.writeNumberField("sampleRate", settings.format().sampleRate());
            g.writeEndObject();
            g.writeEndObject();
            writeMap(g, "metadata", facts);
            g.writeObjectFieldStart("assistantOverrides");
            writeMap(g, "variableValues", facts);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Vapi call request", e);
        }
        return out.toByteArray();
    }

    /** The call id, the parties, the Twilio call SID and every X- header (names as received); nulls left out. */
    static Map<String, String> callFacts(AgentSession session) {
        CallParties parties = session.parties();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("callId", session.callId());
        putIfPresent(facts, "from", parties.from());
        putIfPresent(facts, "to", parties.to());
        putIfPresent(facts, "twilioCallSid", parties.twilioCallSid());
        putIfPresent(facts, "twilioAccountSid", parties.twilioAccountSid());
        parties.customHeaders().forEach((name, value) -> putIfPresent(facts, name, value));
        return facts;
    }

    private static void putIfPresent(Map<String, String> facts, String name, String value) {
        if (value != null) {
            facts.put(name, value);
        }
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
