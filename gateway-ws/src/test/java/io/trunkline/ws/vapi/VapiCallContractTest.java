package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.record.CallParties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@code POST /call} body the gateway can produce, held against the properties Vapi's API accepts
 * ({@link VapiCallSchema}): saved and transient assistant, {@code pcm_s16le} and {@code mulaw}, with and without
 * {@code X-} headers, configured parameters and an E.164 caller. A property added to the body without a place in
 * Vapi's {@code CreateCallDTO} fails here, not on a customer's call.
 */
class VapiCallContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBodyTheGatewayProducesIsAcceptedByVapi() throws Exception {
        int checked = 0;
        for (VapiSettings settings : allSettings()) {
            for (AgentSession session : allSessions()) {
                JsonNode body = JSON.readTree(VapiCallRequest.body(settings, session));
                List<String> violations = VapiCallSchema.violations(body);
                assertEquals(List.of(), violations, settings + " / " + session + ":\n" + body);
                JsonNode format = body.path("transport").path("audioFormat");
                assertEquals(settings.mulaw() ? "mulaw" : "pcm_s16le", format.path("format").asText());
                assertEquals(settings.format().sampleRate(), format.path("sampleRate").asInt());
                checked++;
            }
        }
        assertEquals(2 * 2 * 2 * 4, checked);
    }

    @Test
    void theSchemaRefusesWhatVapiRefuses() throws Exception {
        ObjectNode valid = (ObjectNode) JSON.readTree(VapiCallRequest.body(
                VapiSettings.builder("k").assistantId("a").build(), session(true, true)));
        assertEquals(List.of(), VapiCallSchema.violations(valid));

        assertEquals(List.of("property metadata should not exist"),
                VapiCallSchema.violations(with(valid, "/", "metadata", JSON.createObjectNode())),
                "the report that started it: a top-level metadata");
        assertEquals(List.of("transport.property foo should not exist"),
                VapiCallSchema.violations(with(valid, "/transport", "foo", 1)));
        assertEquals(List.of("transport.audioFormat.property channels should not exist"),
                VapiCallSchema.violations(with(valid, "/transport/audioFormat", "channels", 1)));
        assertEquals(List.of("customer.property phone should not exist"),
                VapiCallSchema.violations(with(valid, "/customer", "phone", "+15550001111")));
        assertEquals(List.of("assistantOverrides.property callFacts should not exist"),
                VapiCallSchema.violations(with(valid, "/assistantOverrides", "callFacts", JSON.createObjectNode())));
        assertEquals(List.of(), VapiCallSchema.violations(with(valid, "/assistantOverrides/metadata", "any", 1)),
                "metadata is free-form");
        assertEquals(List.of(), VapiCallSchema.violations(
                with(valid, "/assistantOverrides/variableValues", "nested", JSON.createObjectNode())),
                "variableValues is free-form");

        assertEquals(List.of("transport.provider must be one of the following values: vapi.websocket"),
                VapiCallSchema.violations(without(valid, "/transport", "provider")));
        assertEquals(List.of("transport.audioFormat.format must be one of the following values: pcm_s16le, mulaw"),
                VapiCallSchema.violations(without(valid, "/transport/audioFormat", "format")));
        assertEquals(List.of("transport.audioFormat.sampleRate must be a number conforming to the specified "
                + "constraints"), VapiCallSchema.violations(without(valid, "/transport/audioFormat", "sampleRate")));
        assertEquals(List.of("customer.number must be a valid phone number in the E.164 format"),
                VapiCallSchema.violations(with(valid, "/customer", "number", "5550001111")));
        assertEquals(List.of("phoneNumberId is not permitted with the vapi.websocket transport"),
                VapiCallSchema.violations(with(valid, "/", "phoneNumberId", "pn-1")));
        assertTrue(VapiCallSchema.violations(without(valid, "/", "transport")).contains(
                "transport should not be null or undefined"));
    }

    private static List<VapiSettings> allSettings() {
        List<VapiSettings> all = new ArrayList<>();
        for (boolean saved : new boolean[] {true, false}) {
            for (AudioFormat format : List.of(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K)) {
                for (boolean parameters : new boolean[] {false, true}) {
                    VapiSettings.Builder b = VapiSettings.builder("sk-k").format(format);
                    if (saved) {
                        b.assistantId("5b0a4a08-133c-4146-9315-0984f8c6be80");
                    } else {
                        b.assistant("{\"firstMessage\":\"Hello {{from}}\",\"model\":{\"provider\":\"openai\","
                                + "\"model\":\"gpt-4o\"},\"variableValues\":{\"x\":\"y\"}}");
                    }
                    if (parameters) {
                        b.customParameters(Map.of("route", "sales", "X-Tenant", "configured", "caller", "{from}"));
                    }
                    all.add(b.build());
                }
            }
        }
        return all;
    }

    private static List<AgentSession> allSessions() {
        return List.of(session(false, false), session(true, false), session(false, true), session(true, true));
    }

    private static AgentSession session(boolean headers, boolean e164Caller) {
        Map<String, String> x = new LinkedHashMap<>();
        if (headers) {
            x.put("X-Tenant", "acme");
            x.put("X-Quote", "say \"hi\" \\ {{ now }}");
        }
        String from = e164Caller ? "\"Ann\" <sip:+15550001111@54.172.60.1:5060>;tag=1" : "<sip:anonymous@anonymous.invalid>";
        return new AgentSession("call-" + headers + e164Caller, new CallParties("sip-1", from,
                "<sip:+15550002222@gw.example.com>", headers ? "CA123" : null, headers ? "AC456" : null, null, null,
                x));
    }

    private static ObjectNode with(ObjectNode body, String at, String field, Object value) {
        ObjectNode copy = body.deepCopy();
        ObjectNode target = at.equals("/") ? copy : (ObjectNode) copy.at(at);
        target.set(field, JSON.valueToTree(value));
        return copy;
    }

    private static ObjectNode without(ObjectNode body, String at, String field) {
        ObjectNode copy = body.deepCopy();
        ((ObjectNode) (at.equals("/") ? copy : copy.at(at))).remove(field);
        return copy;
    }
}
