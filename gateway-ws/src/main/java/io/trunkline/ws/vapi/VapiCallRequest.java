package io.trunkline.ws.vapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.protocol.CallParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /call} for one call. Vapi validates it against {@code CreateCallDTO} and refuses any
 * property that DTO does not declare ({@code 400 "property X should not exist"}), so the body holds only:
 * <ul>
 * <li>{@code assistantId} or {@code assistant} (a transient assistant, passed through as configured);</li>
 * <li>{@code transport}: {@code provider: vapi.websocket} and its {@code audioFormat} ({@code format},
 *     {@code container}, {@code sampleRate});</li>
 * <li>{@code customer.number}: the customer's number (the caller of an inbound call, the callee of an outbound
 *     one), only when it is E.164 (Vapi checks that by default);</li>
 * <li>{@code assistantOverrides}: what the gateway knows about the call, both as {@code variableValues} (usable as
 *     {@code {{name}}} in the assistant's prompts) and as {@code metadata} (kept with the call in Vapi's logs and
 *     webhooks). Both are free-form objects.</li>
 * </ul>
 * There is no top-level {@code metadata} in {@code CreateCallDTO}, and {@code phoneNumber}/{@code phoneNumberId}
 * are not allowed with the WebSocket transport.
 */
final class VapiCallRequest {

    private static final JsonFactory JSON = new JsonFactory();
    /** E.164: a plus, a non-zero country code digit, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** The user part of a sip:, sips: or tel: URI, with or without display name and angle brackets. */
    private static final Pattern URI_USER = Pattern.compile("(?i)(?:sips?:([^@;>?]+)@|tel:([^;>?]+))");

    private VapiCallRequest() {
    }

    static byte[] body(VapiSettings settings, AgentSession session) {
        Map<String, String> facts = callFacts(session, settings.customParameters());
        String customerNumber = customerNumber(session);
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
            if (customerNumber != null) {
                g.writeObjectFieldStart("customer");
                g.writeStringField("number", customerNumber);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("assistantOverrides");
            writeMap(g, "variableValues", facts);
            writeMap(g, "metadata", facts);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Vapi call request", e);
        }
        return out.toByteArray();
    }

    /**
     * The call id, the parties, the Twilio SIDs, every X- header (names as received) and the configured parameters
     * (placeholders filled in; they win over a header of the same name, never over the gateway's own facts); nulls
     * left out.
     */
    static Map<String, String> callFacts(AgentSession session, Map<String, String> configured) {
        CallParties parties = session.parties();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("callId", session.callId());
        putIfPresent(facts, "from", parties.from());
        putIfPresent(facts, "to", parties.to());
        putIfPresent(facts, "twilioCallSid", parties.twilioCallSid());
        putIfPresent(facts, "twilioAccountSid", parties.twilioAccountSid());
        if (session.direction() == CallDirection.OUTBOUND) {
            facts.put("direction", session.direction().tag());
        }
        new CallParameters(configured).render(session, parties.twilioCallSid(), parties.twilioAccountSid())
                .forEach(facts::putIfAbsent);
        return facts;
    }

    /** The customer's number in E.164: the callee of an outbound call, else the caller's ({@link #callerNumber}). */
    static String customerNumber(AgentSession session) {
        return session.direction() == CallDirection.OUTBOUND ? e164User(session.parties().to())
                : callerNumber(session.parties());
    }

    /** The caller's number in E.164 from From (or else P-Asserted-Identity), or null when neither has one. */
    static String callerNumber(CallParties parties) {
        String number = e164User(parties.from());
        return number != null ? number : e164User(parties.assertedIdentity());
    }

    static String e164User(String uriOrHeader) {
        if (uriOrHeader == null) {
            return null;
        }
        Matcher m = URI_USER.matcher(uriOrHeader);
        if (!m.find()) {
            return null;
        }
        String user = (m.group(1) != null ? m.group(1) : m.group(2)).replaceAll("[-.() ]", "");
        return E164.matcher(user).matches() ? user : null;
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
