package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.transport.Endpoint;
import io.trunkline.ws.transport.EndpointException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request body of {@code POST /call} and how Vapi's answers map to endpoints and failures. */
class VapiRestMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestCarriesAssistantTransportAndCallFacts() throws Exception {
        VapiSettings settings = VapiSettings.builder("k").assistantId("asst-1").build();

        JsonNode body = JSON.readTree(VapiCallRequest.body(settings, Sessions.sample("call-1")));

        assertEquals("asst-1", body.get("assistantId").asText());
        assertFalse(body.has("assistant"));
        JsonNode transport = body.get("transport");
        assertEquals("vapi.websocket", transport.get("provider").asText());
        assertEquals(JSON.readTree("{\"format\":\"pcm_s16le\",\"container\":\"raw\",\"sampleRate\":16000}"),
                transport.get("audioFormat"));
        JsonNode expectedFacts = JSON.readTree("{\"callId\":\"call-1\",\"from\":\"sip:+15550001111@carrier\","
                + "\"to\":\"sip:+15550002222@gateway\",\"twilioCallSid\":\"CA123\",\"twilioAccountSid\":\"AC456\","
                + "\"X-Tenant\":\"acme\"}");
        assertEquals(expectedFacts, body.get("assistantOverrides").get("metadata"));
        assertEquals(expectedFacts, body.get("assistantOverrides").get("variableValues"));
        assertEquals("+15550001111", body.get("customer").get("number").asText(), "the caller, in E.164");
        assertFalse(body.has("metadata"), "CreateCallDTO has no top-level metadata");
        assertFalse(body.has("phoneNumberId"));
    }

    @Test
    void anOutboundCallsCustomerIsTheCallee() throws Exception {
        VapiSettings settings = VapiSettings.builder("k").assistantId("asst-1").build();
        CallParties parties = new CallParties("uac-1@gw", "tel:+15550009999", "tel:+15550001111", null, null, null,
                null, Map.of("campaign", "reminders"));

        JsonNode body = JSON.readTree(VapiCallRequest.body(settings,
                new AgentSession("call-9", parties, CallDirection.OUTBOUND)));

        assertEquals("+15550001111", body.get("customer").get("number").asText(), "the callee, in E.164");
        JsonNode metadata = body.get("assistantOverrides").get("metadata");
        assertEquals("outbound", metadata.get("direction").asText());
        assertEquals("tel:+15550009999", metadata.get("from").asText());
        assertFalse(JSON.readTree(VapiCallRequest.body(settings, Sessions.sample("call-1")))
                .get("assistantOverrides").get("metadata").has("direction"), "inbound facts are unchanged");
    }

    @Test
    void configuredParametersJoinTheFactsButNeverReplaceTheGatewaysOwn() throws Exception {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("route", "sales");
        configured.put("X-Tenant", "configured");
        configured.put("callId", "spoofed");
        VapiSettings settings = VapiSettings.builder("k").assistantId("a").customParameters(configured).build();

        JsonNode values = JSON.readTree(VapiCallRequest.body(settings, Sessions.sample("call-1")))
                .get("assistantOverrides").get("variableValues");

        assertEquals("sales", values.get("route").asText());
        assertEquals("configured", values.get("X-Tenant").asText(), "a configured parameter wins over a header");
        assertEquals("call-1", values.get("callId").asText(), "the gateway's own facts win");
    }

    @Test
    void theCustomerNumberIsTheCallersE164NumberOrNothing() {
        assertEquals("+15550001111", VapiCallRequest.e164User("sip:+15550001111@carrier"));
        assertEquals("+15550001111", VapiCallRequest.e164User("\"Ann\" <sip:+15550001111@10.0.0.1:5060;user=phone>;tag=x"));
        assertEquals("+442071838750", VapiCallRequest.e164User("<tel:+44-20-7183-8750>"));
        assertEquals("+15550001111", VapiCallRequest.e164User("sips:+15550001111@carrier"));
        assertEquals(null, VapiCallRequest.e164User("sip:anonymous@anonymous.invalid"));
        assertEquals(null, VapiCallRequest.e164User("sip:5550001111@carrier"), "no country code");
        assertEquals(null, VapiCallRequest.e164User("sip:+0555@carrier"));
        assertEquals(null, VapiCallRequest.e164User("sip:+1234567890123456@carrier"), "more than 15 digits");
        assertEquals(null, VapiCallRequest.e164User(null));
        CallParties anonymousFromWithPai = new CallParties("s", "sip:anonymous@anonymous.invalid", "sip:b@c", null,
                null, null, "<sip:+15550003333@carrier>", null);
        assertEquals("+15550003333", VapiCallRequest.callerNumber(anonymousFromWithPai));
    }

    @Test
    void requestWithATransientAssistantAndMulaw() throws Exception {
        VapiSettings settings = VapiSettings.builder("k").assistant("{\"firstMessage\":\"Hello\"}")
                .format(AudioFormat.PCMU_8K).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Quote", "say \"hi\"");
        AgentSession session = new AgentSession("c2", new CallParties("s", "sip:a@b", "sip:c@d", null, null, null,
                null, headers));

        JsonNode body = JSON.readTree(VapiCallRequest.body(settings, session));

        assertFalse(body.has("assistantId"));
        assertEquals("Hello", body.get("assistant").get("firstMessage").asText());
        assertEquals(JSON.readTree("{\"format\":\"mulaw\",\"container\":\"raw\",\"sampleRate\":8000}"),
                body.get("transport").get("audioFormat"));
        JsonNode metadata = body.get("assistantOverrides").get("metadata");
        assertEquals("say \"hi\"", metadata.get("X-Quote").asText());
        assertFalse(metadata.has("twilioCallSid"), "absent facts are left out");
        assertFalse(body.has("customer"), "sip:a@b has no E.164 number to give");
    }

    @Test
    void aCreatedCallGivesItsSocketAndId() {
        Endpoint ep = VapiResponses.endpoint(bytes("{\"id\":\"7420f27a\",\"status\":\"queued\","
                + "\"transport\":{\"provider\":\"vapi.websocket\",\"websocketCallUrl\":"
                + "\"wss://phone-call-websocket.example/7420f27a/transport\"}}"));

        assertEquals("wss://phone-call-websocket.example/7420f27a/transport", ep.uri().toString());
        assertEquals("7420f27a", ep.agentCallId());
        assertFalse(ep.toString().contains("7420f27a"), "the endpoint's text form hides the path");
    }

    @Test
    void unusableAnswersAreUnavailableWithoutQuotingTheUrl() {
        for (String body : new String[] {"not json", "[]", "{\"id\":\"x\"}",
                "{\"id\":\"x\",\"transport\":{\"websocketCallUrl\":42}}",
                "{\"id\":\"x\",\"transport\":{\"websocketCallUrl\":\"https://h/secret-path\"}}",
                "{\"id\":\"x\",\"transport\":{\"websocketCallUrl\":\"wss://h/secret path\"}}"}) {
            EndpointException e = assertThrows(EndpointException.class,
                    () -> VapiResponses.endpoint(bytes(body)), body);
            assertEquals(Kind.UNAVAILABLE, e.failure().kind(), body);
            assertFalse(e.failure().message().contains("secret"), e.failure().message());
        }
    }

    @Test
    void statusesMapToFailureKinds() {
        assertFailure(VapiResponses.failure(401, null), Kind.UNAUTHORIZED, 0);
        assertFailure(VapiResponses.failure(403, "9"), Kind.UNAUTHORIZED, 0);
        assertFalse(VapiResponses.failure(403, null).message().contains("key"), "a 403 is not always the key");
        assertFailure(VapiResponses.failure(429, "7"), Kind.RATE_LIMITED, 7);
        assertFailure(VapiResponses.failure(429, null), Kind.RATE_LIMITED,
                VapiResponses.DEFAULT_RETRY_AFTER_SECONDS);
        assertFailure(VapiResponses.failure(500, null), Kind.UNAVAILABLE, VapiResponses.DEFAULT_RETRY_AFTER_SECONDS);
        assertFailure(VapiResponses.failure(503, "12"), Kind.UNAVAILABLE, 12);
        assertFailure(VapiResponses.failure(400, "12"), Kind.UNAVAILABLE, 0);
        assertTrue(VapiResponses.failure(502, null).message().contains("502"));
    }

    @Test
    void retryAfterAcceptsDelaysAndDatesWithinBounds() {
        assertEquals(3, VapiResponses.retryAfterSeconds(" 3 ", 5));
        assertEquals(5, VapiResponses.retryAfterSeconds("soon", 5));
        assertEquals(5, VapiResponses.retryAfterSeconds(null, 5));
        assertEquals(0, VapiResponses.retryAfterSeconds("-4", 5));
        assertEquals(3600, VapiResponses.retryAfterSeconds("999999", 5));
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        int seconds = VapiResponses.retryAfterSeconds(inAMinute, 5);
        assertTrue(seconds >= 55 && seconds <= 60, "date form gave " + seconds);
    }

    @Test
    void explanationsAreShortAndHideKeysAndUrls() {
        String why = VapiResponses.explanation(bytes("{\"message\":[\"assistantId must be a UUID\","
                + "\"key sk-123 is bad\",\"see wss://host/x/transport\"],\"statusCode\":400}"), "sk-123");
        assertEquals("assistantId must be a UUID; key *** is bad; see <url>", why);
        assertEquals("", VapiResponses.explanation(bytes("<html>"), "k"));
        assertEquals("", VapiResponses.explanation(bytes("<!DOCTYPE html><title>403</title>"), "k"));
        assertEquals("Forbidden", VapiResponses.explanation(bytes("{\"error\":\"Forbidden\",\"statusCode\":403}"), "k"));
        assertEquals("", VapiResponses.explanation(bytes("{\"statusCode\":403}"), "k"));
        assertEquals("", VapiResponses.explanation(bytes(""), "k"));
        assertEquals("error code: 1010", VapiResponses.explanation(bytes("error code: 1010\n"), "k"),
                "an edge's plain-text answer");
        assertTrue(VapiResponses.explanation(bytes("{\"message\":\"" + "a".repeat(1000) + "\"}"), "k").length() < 400);
    }

    private static void assertFailure(AgentFailure failure, Kind kind, int retryAfter) {
        assertEquals(kind, failure.kind(), failure.message());
        assertEquals(retryAfter, failure.retryAfterSeconds(), failure.message());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
