package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /call} validated as Vapi's API validates it, for the WebSocket transport. The property sets are copied
 * from Vapi's published OpenAPI document ({@code fern/apis/api/openapi.json} in the public VapiAI/docs repository):
 * {@code CreateCallDTO}, {@code VapiWebsocketTransport}, {@code AudioFormat}, {@code CreateCustomerDTO} and
 * {@code AssistantOverrides}. {@code variableValues} and {@code metadata} are free-form objects there, and the
 * transient {@code assistant} ({@code CreateAssistantDTO}, passed through from the configuration as the user wrote
 * it) is only required to be an object.
 *
 * <p>Vapi's API is NestJS with a {@code ValidationPipe} that forbids non-whitelisted properties. The messages follow
 * class-validator's wording as that pipe reports it: {@code property X should not exist}, and for a nested object
 * the constraint prefixed with the path of its parent ({@code transport.audioFormat.property foo should not
 * exist}, {@code transport.provider must be one of the following values: vapi.websocket}). The answer is
 * {@code 400 {"message":[…],"error":"Bad Request","statusCode":400}}. Beyond the schema, the reference's WebSocket
 * Transport page forbids {@code phoneNumber} and {@code phoneNumberId} with this transport; the E.164 check of
 * {@code customer.number} is on by default ({@code numberE164CheckEnabled}).
 */
public final class VapiCallSchema {

    /** {@code CreateCallDTO}: the only top-level properties Vapi accepts. */
    public static final Set<String> CREATE_CALL = Set.of("assistant", "assistantId", "assistantOverrides",
            "assistantVersion", "customer", "customerId", "customers", "name", "phoneNumber", "phoneNumberId",
            "schedulePlan", "squad", "squadId", "squadOverrides", "transport", "workflow", "workflowId",
            "workflowOverrides");
    /** {@code VapiWebsocketTransport}; {@code provider} is required. */
    public static final Set<String> WEBSOCKET_TRANSPORT = Set.of("conversationType", "provider", "audioFormat");
    /** {@code AudioFormat}; {@code format} and {@code sampleRate} are required. */
    public static final Set<String> AUDIO_FORMAT = Set.of("sampleRate", "format", "container");
    /** {@code CreateCustomerDTO}. */
    public static final Set<String> CUSTOMER = Set.of("assistantOverrides", "email", "extension", "externalId",
            "name", "number", "numberE164CheckEnabled", "sipUri", "squadOverrides");
    /** {@code AssistantOverrides}. */
    public static final Set<String> ASSISTANT_OVERRIDES = Set.of("analysisPlan", "artifactPlan", "backgroundSound",
            "backgroundSpeechDenoisingPlan", "clientMessages", "compliancePlan", "credentialIds", "credentials",
            "endCallMessage", "endCallPhrases", "firstMessage", "firstMessageInterruptionsEnabled", "firstMessageMode",
            "hooks", "keypadInputPlan", "maxDurationSeconds", "metadata", "model", "modelOutputInMessagesEnabled",
            "monitorPlan", "name", "observabilityPlan", "server", "serverMessages", "startSpeakingPlan",
            "stopSpeakingPlan", "tools:append", "transcriber", "transportConfigurations", "variableValues", "voice",
            "voicemailDetection", "voicemailMessage");
    private static final Map<String, String> STRING_FIELDS_40 = Map.of("name", "customer.name", "email",
            "customer.email", "externalId", "customer.externalId");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private VapiCallSchema() {
    }

    /** Every way {@code body} breaks Vapi's validation of {@code POST /call}, in Vapi's words; empty when valid. */
    public static List<String> violations(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("body must be an object");
            return problems;
        }
        forbidUnknown(problems, "", body, CREATE_CALL);
        if (body.has("assistantId") == body.has("assistant")) {
            // Vapi needs an assistant (or squad/workflow, which the gateway never sends).
            problems.add("exactly one of assistantId and assistant must be given");
        }
        if (body.has("assistantId") && !body.get("assistantId").isTextual()) {
            problems.add("assistantId must be a string");
        }
        if (body.has("assistant") && !body.get("assistant").isObject()) {
            problems.add("assistant must be an object");
        }
        for (String phone : List.of("phoneNumber", "phoneNumberId")) {
            if (body.has(phone)) {
                problems.add(phone + " is not permitted with the vapi.websocket transport");
            }
        }
        transport(problems, body.get("transport"));
        if (body.has("customer")) {
            customer(problems, body.get("customer"));
        }
        if (body.has("assistantOverrides")) {
            overrides(problems, "assistantOverrides", body.get("assistantOverrides"));
        }
        return problems;
    }

    private static void transport(List<String> problems, JsonNode transport) {
        if (transport == null) {
            problems.add("transport should not be null or undefined");
            return;
        }
        if (!object(problems, "transport", transport)) {
            return;
        }
        forbidUnknown(problems, "transport.", transport, WEBSOCKET_TRANSPORT);
        JsonNode provider = transport.get("provider");
        if (provider == null || !"vapi.websocket".equals(provider.asText()) || !provider.isTextual()) {
            problems.add("transport.provider must be one of the following values: vapi.websocket");
        }
        JsonNode conversation = transport.get("conversationType");
        if (conversation != null && !"voice".equals(conversation.asText())) {
            problems.add("transport.conversationType must be one of the following values: voice");
        }
        JsonNode format = transport.get("audioFormat");
        if (format == null || !object(problems, "transport.audioFormat", format)) {
            return;
        }
        forbidUnknown(problems, "transport.audioFormat.", format, AUDIO_FORMAT);
        JsonNode name = format.get("format");
        if (name == null || !name.isTextual() || !Set.of("pcm_s16le", "mulaw").contains(name.asText())) {
            problems.add("transport.audioFormat.format must be one of the following values: pcm_s16le, mulaw");
        }
        JsonNode rate = format.get("sampleRate");
        if (rate == null || !rate.isNumber()) {
            problems.add("transport.audioFormat.sampleRate must be a number conforming to the specified constraints");
        } else if (rate.asDouble() < 0) {
            problems.add("transport.audioFormat.sampleRate must not be less than 0");
        } else if (rate.asDouble() > 192000) {
            problems.add("transport.audioFormat.sampleRate must not be greater than 192000");
        }
        JsonNode container = format.get("container");
        if (container != null && !"raw".equals(container.asText())) {
            problems.add("transport.audioFormat.container must be one of the following values: raw");
        }
    }

    private static void customer(List<String> problems, JsonNode customer) {
        if (!object(problems, "customer", customer)) {
            return;
        }
        forbidUnknown(problems, "customer.", customer, CUSTOMER);
        JsonNode number = customer.get("number");
        if (number != null) {
            if (!number.isTextual()) {
                problems.add("customer.number must be a string");
            } else if (number.asText().length() < 3) {
                problems.add("customer.number must be longer than or equal to 3 characters");
            } else if (number.asText().length() > 40) {
                problems.add("customer.number must be shorter than or equal to 40 characters");
            } else if (customer.path("numberE164CheckEnabled").asBoolean(true)
                    && !E164.matcher(number.asText()).matches()) {
                problems.add("customer.number must be a valid phone number in the E.164 format");
            }
        }
        STRING_FIELDS_40.forEach((field, path) -> {
            JsonNode v = customer.get(field);
            if (v != null && (!v.isTextual() || v.asText().length() > 40)) {
                problems.add(path + " must be a string shorter than or equal to 40 characters");
            }
        });
        if (customer.has("assistantOverrides")) {
            overrides(problems, "customer.assistantOverrides", customer.get("assistantOverrides"));
        }
    }

    private static void overrides(List<String> problems, String path, JsonNode overrides) {
        if (!object(problems, path, overrides)) {
            return;
        }
        forbidUnknown(problems, path + ".", overrides, ASSISTANT_OVERRIDES);
        for (String free : List.of("variableValues", "metadata")) {
            JsonNode v = overrides.get(free);
            if (v != null && !v.isObject()) {
                problems.add(path + "." + free + " must be an object");
            }
        }
    }

    private static boolean object(List<String> problems, String path, JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        problems.add(path + " must be an object");
        return false;
    }

    /** class-validator's whitelist message, prefixed with the parent's path as Nest's ValidationPipe does. */
    private static void forbidUnknown(List<String> problems, String prefix, JsonNode node, Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                problems.add(prefix + "property " + name + " should not exist");
            }
        });
    }
}
