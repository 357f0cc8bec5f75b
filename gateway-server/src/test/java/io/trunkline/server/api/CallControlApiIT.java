package io.trunkline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.http.GatewayStatus;
import io.trunkline.metrics.http.MetricsHttpServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API over a real loopback HTTP server, in front of a call control that records what it is asked. */
class CallControlApiIT {
    private static final String TOKEN = "s3cret-token";

    /** Records every request; refuses with {@link #refusal} when one is set. */
    static final class FakeControl implements CallControl {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile OutboundRequest placed;
        volatile TransferRequest transferred;
        volatile TransferMode mode;
        volatile CallControlException refusal;

        private void maybeRefuse() throws CallControlException {
            if (refusal != null) {
                throw refusal;
            }
        }

        @Override
        public String place(OutboundRequest request) throws CallControlException {
            maybeRefuse();
            placed = request;
            calls.add("place " + request.to());
            return "c-new0000000";
        }

        @Override
        public void hangup(String callId) throws CallControlException {
            calls.add("hangup " + callId);
            maybeRefuse();
        }

        @Override
        public void sendDtmf(String callId, String digits) throws CallControlException {
            calls.add("dtmf " + callId + " " + digits);
            maybeRefuse();
        }

        @Override
        public void transfer(String callId, TransferRequest request, TransferMode transferMode)
                throws CallControlException {
            calls.add("transfer " + callId + " " + request.destination());
            maybeRefuse();
            transferred = request;
            mode = transferMode;
        }
    }

    private final FakeControl control = new FakeControl();
    private final List<ActiveCall> active = new ArrayList<>();
    private final List<CallRecord> recent = new ArrayList<>();
    private final GatewayStatus status = new GatewayStatus() {
        @Override
        public String state() {
            return "ready";
        }

        @Override
        public List<ActiveCall> activeCalls() {
            return List.copyOf(active);
        }

        @Override
        public List<CallRecord> recentRecords() {
            return List.copyOf(recent);
        }

        @Override
        public long callsEnded() {
            return recent.size();
        }
    };
    private final List<MetricsHttpServer> servers = new ArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MetricsHttpServer::close);
    }

    private InetSocketAddress serve(String token, List<String> allowedSources) throws InterruptedException {
        MetricsHttpServer http = new MetricsHttpServer("127.0.0.1", 0, () -> "", status)
                .add(CallControlApi.create(control, status, token, allowedSources,
                        (action, code) -> answers.add(action + " " + code)));
        servers.add(http);
        return http.start();
    }

    private ApiClient client(String token) throws InterruptedException {
        return new ApiClient(serve(TOKEN, List.of()), token);
    }

    private static void assertError(int status, String fragment, ApiClient.Answer answer) throws Exception {
        assertEquals(status, answer.status(), answer.toString());
        JsonNode body = answer.json();
        assertEquals(status, body.get("status").asInt(), answer.toString());
        assertTrue(body.get("error").asText().contains(fragment), "'" + fragment + "' in " + answer);
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
    }

    @Test
    void withoutAConfiguredTokenTheApiDoesNotExist() throws Exception {
        InetSocketAddress address = serve(null, List.of());
        assertError(404, "not found", new ApiClient(address, TOKEN).get("/v1/calls"));
        assertError(404, "not found", new ApiClient(address, null).post("/v1/calls", "{\"to\":\"+15550001111\"}"));
        assertError(404, "not found", new ApiClient(address, "").delete("/v1/calls/c-1"));
        assertEquals(200, new ApiClient(address, null).get("/health").status(), "the other routes are unchanged");
        assertTrue(control.calls.isEmpty());
        assertTrue(answers.isEmpty(), "an API that is off counts nothing: " + answers);
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401AndAChallenge() throws Exception {
        InetSocketAddress address = serve(TOKEN, List.of());
        for (String token : new String[] {null, "wrong", TOKEN + "x", TOKEN.substring(1)}) {
            ApiClient.Answer answer = new ApiClient(address, token).delete("/v1/calls/c-1");
            assertError(401, "bearer token", answer);
            assertTrue(answer.wwwAuthenticate().startsWith("Bearer"), answer.wwwAuthenticate());
        }
        ApiClient.Answer basic = new ApiClient(address, null).send("GET", "/v1/calls", null, null);
        assertEquals(401, basic.status());
        assertTrue(control.calls.isEmpty(), "nothing reached the gateway: " + control.calls);
        assertEquals(200, new ApiClient(address, TOKEN).get("/v1/calls").status());
        assertEquals(List.of("hangup 401", "hangup 401", "hangup 401", "hangup 401", "list 401", "list 200"),
                answers, "every answer is counted, refusals included");
    }

    @Test
    void sourcesOutsideTheAllowlistAreRefusedWith403EvenWithTheToken() throws Exception {
        InetSocketAddress elsewhere = serve(TOKEN, List.of("10.0.0.0/8", "2001:db8::/32"));
        assertError(403, "source", new ApiClient(elsewhere, TOKEN).get("/v1/calls"));
        assertError(403, "source", new ApiClient(elsewhere, null).delete("/v1/calls/c-1"));
        InetSocketAddress loopback = serve(TOKEN, List.of("10.0.0.0/8", "127.0.0.0/8"));
        assertEquals(200, new ApiClient(loopback, TOKEN).get("/v1/calls").status());
        assertEquals(401, new ApiClient(loopback, "wrong").get("/v1/calls").status());
        assertTrue(control.calls.isEmpty());
    }

    @Test
    void aBadAllowlistEntryFailsNamingTheKey() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.trunkline.core.config.ConfigException.class,
                () -> CallControlApi.create(control, status, TOKEN, List.of("10.0.0.0/33")));
        assertEquals("api.allowed-sources", e.key());
    }

    @Test
    void placingACallAnswers201WithItsIdAndLocation() throws Exception {
        ApiClient api = client(TOKEN);
        ApiClient.Answer answer = api.post("/v1/calls",
                "{\"to\":\"+15550001111\",\"from\":\"+15550002222\",\"route\":\"sales\","
                        + "\"metadata\":{\"crm\":\"42\",\"vip\":true,\"score\":7}}");
        assertEquals(201, answer.status(), answer.toString());
        assertEquals("c-new0000000", answer.json().get("id").asText());
        assertEquals("/v1/calls/c-new0000000", answer.location());
        assertEquals("+15550001111", control.placed.to());
        assertEquals("+15550002222", control.placed.from());
        assertEquals("sales", control.placed.route());
        assertEquals(Map.of("crm", "42", "vip", "true", "score", "7"), control.placed.metadata());

        assertEquals(201, api.post("/v1/calls", "{\"to\":\"+15550001111\"}").status());
        assertNull(control.placed.from());
        assertEquals(Map.of(), control.placed.metadata());
    }

    @Test
    void malformedBodiesAreRefusedWith400NamingTheField() throws Exception {
        ApiClient api = client(TOKEN);
        assertError(400, "to: required", api.post("/v1/calls", "{}"));
        assertError(400, "to: required", api.post("/v1/calls", "{\"to\":null}"));
        assertError(400, "to: a string", api.post("/v1/calls", "{\"to\":15550001111}"));
        assertError(400, "to: must not be empty", api.post("/v1/calls", "{\"to\":\"  \"}"));
        assertError(400, "not valid JSON", api.post("/v1/calls", "{\"to\":"));
        assertError(400, "not valid JSON", api.post("/v1/calls", "{\"to\":\"+1\"} trailing"));
        assertError(400, "not valid JSON", api.post("/v1/calls", "{\"to\":\"+1\",\"to\":\"+2\"}"));
        assertError(400, "JSON object", api.post("/v1/calls", "[\"+15550001111\"]"));
        assertError(400, "JSON object", api.post("/v1/calls", ""));
        assertError(400, "To: unknown field", api.post("/v1/calls", "{\"To\":\"+15550001111\"}"));
        assertError(400, "metadata: an object", api.post("/v1/calls", "{\"to\":\"+1\",\"metadata\":[1]}"));
        assertError(400, "metadata.x", api.post("/v1/calls", "{\"to\":\"+1\",\"metadata\":{\"x\":{\"y\":1}}}"));
        assertError(400, "to: at most", api.post("/v1/calls", "{\"to\":\"" + "1".repeat(300) + "\"}"));
        assertError(415, "JSON", api.send("POST", "/v1/calls", "to=+1555", "application/x-www-form-urlencoded"));
        assertError(413, "larger", api.post("/v1/calls", "{\"to\":\"+1\",\"metadata\":{\"k\":\""
                + "x".repeat(RequestBodies.MAX_BODY_BYTES) + "\"}}"));
        assertError(400, "digits", api.post("/v1/calls/c-1/dtmf", "{\"digits\":\"12x\"}"));
        assertError(400, "digits", api.post("/v1/calls/c-1/dtmf", "{\"digits\":\"" + "1".repeat(33) + "\"}"));
        assertError(400, "digits: required", api.post("/v1/calls/c-1/dtmf", "{}"));
        assertError(400, "mode", api.post("/v1/calls/c-1/transfer", "{\"to\":\"+15550003333\",\"mode\":\"x\"}"));
        assertError(400, "to: required", api.post("/v1/calls/c-1/transfer", "{\"mode\":\"refer\"}"));
        assertTrue(control.calls.isEmpty(), "nothing malformed reached the gateway: " + control.calls);
    }

    @Test
    void theGatewaysRefusalsMapToTheirStatuses() throws Exception {
        ApiClient api = client(TOKEN);
        for (CallControlException.Kind kind : CallControlException.Kind.values()) {
            control.refusal = new CallControlException(kind, "because " + kind);
            assertError(kind.httpStatus(), "because " + kind, api.post("/v1/calls", "{\"to\":\"+15550001111\"}"));
            assertError(kind.httpStatus(), "because " + kind, api.delete("/v1/calls/c-1"));
            assertError(kind.httpStatus(), "because " + kind,
                    api.post("/v1/calls/c-1/dtmf", "{\"digits\":\"1\"}"));
            assertError(kind.httpStatus(), "because " + kind,
                    api.post("/v1/calls/c-1/transfer", "{\"to\":\"+15550003333\"}"));
        }
    }

    @Test
    void hangupDigitsAndTransferReachTheGateway() throws Exception {
        ApiClient api = client(TOKEN);
        ApiClient.Answer hangup = api.delete("/v1/calls/c-abc");
        assertEquals(204, hangup.status(), hangup.toString());
        assertEquals("", hangup.text());

        ApiClient.Answer dtmf = api.post("/v1/calls/c-abc/dtmf", "{\"digits\":\"12#a\"}");
        assertEquals(202, dtmf.status(), dtmf.toString());
        assertEquals("12#A", dtmf.json().get("digits").asText());

        ApiClient.Answer transfer = api.post("/v1/calls/c-abc/transfer",
                "{\"to\":\"sip:desk@pbx.example.com\",\"mode\":\"bridge\"}");
        assertEquals(202, transfer.status(), transfer.toString());
        assertEquals(TransferMode.BRIDGE, control.mode);
        assertEquals("sip:desk@pbx.example.com", control.transferred.destination());
        assertEquals(202, api.post("/v1/calls/c-abc/transfer", "{\"to\":\"+15550003333\"}").status());
        assertNull(control.mode, "no mode: the configured one");

        assertEquals(List.of("hangup c-abc", "dtmf c-abc 12#A", "transfer c-abc sip:desk@pbx.example.com",
                "transfer c-abc +15550003333"), control.calls);
        assertEquals(List.of("hangup 204", "dtmf 202", "transfer 202", "transfer 202"), answers);
    }

    @Test
    void wrongMethodsGet405WithAllowAndUnknownPaths404() throws Exception {
        ApiClient api = client(TOKEN);
        ApiClient.Answer put = api.send("PUT", "/v1/calls", "{}", "application/json");
        assertError(405, "method", put);
        assertEquals("GET, POST", put.allow());
        ApiClient.Answer post = api.post("/v1/calls/c-1", "{}");
        assertError(405, "method", post);
        assertEquals("GET, DELETE", post.allow());
        assertEquals("POST", api.get("/v1/calls/c-1/dtmf").allow());
        assertEquals(405, api.delete("/v1/calls/c-1/transfer").status());
        assertError(404, "not found", api.get("/v1/calls/c-1/record"));
        assertError(404, "not found", api.get("/v1/calls/c-1/dtmf/x"));
        assertError(404, "not found", api.get("/v1/calls/" + "x".repeat(200)));
        assertTrue(control.calls.isEmpty());
        assertEquals(List.of("other 405", "other 405", "other 405", "other 405", "other 404", "other 404",
                "other 404"), answers, "actions stay a bounded set whatever the path");
    }

    @Test
    void listsAndReadsActiveAndEndedCalls() throws Exception {
        Instant started = Instant.parse("2026-01-01T10:00:00Z");
        active.add(new ActiveCall("c-ringing0000", "sip-1@carrier", "CA1", "sip:+15550001@carrier",
                "sip:+15550002@gw", "demo", "PCMU_8K", "CONNECTING_AGENT", started, null));
        active.add(new ActiveCall("c-talking0000", "sip-2@carrier", null, "sip:+15550003@carrier",
                "sip:+15550002@gw", "demo", "PCMA_8K", "ANSWERED", started, started.plusSeconds(1)));
        recent.add(CallRecord.builder("c-ended000000")
                .parties(new CallParties("sip-3@carrier", "sip:+15550004@carrier", "sip:+15550002@gw", null, null,
                        null, null, Map.of()))
                .agentKind("demo").startedAt(started).answeredAt(started.plusSeconds(1))
                .endedAt(started.plusSeconds(31)).durationMs(30_000).finalStatus(200)
                .endReason(EndReason.OPERATOR_HANGUP).build());
        ApiClient api = client(TOKEN);

        JsonNode list = api.get("/v1/calls").json();
        assertEquals(2, list.get("active").size());
        assertEquals("ringing", list.get("active").get(0).get("state").asText());
        assertEquals("answered", list.get("active").get(1).get("state").asText());
        assertEquals("inbound", list.get("active").get(1).get("direction").asText());
        assertEquals("ended", list.get("recent").get(0).get("state").asText());
        assertFalse(list.get("recent").get(0).has("record"), "the listing stays short");

        JsonNode ringing = api.get("/v1/calls/c-ringing0000").json();
        assertEquals("sip:+15550001@carrier", ringing.get("from").asText());
        assertEquals("2026-01-01T10:00:00Z", ringing.get("startedAt").asText());
        assertFalse(ringing.has("answeredAt"));
        assertEquals("answered", api.get("/v1/calls/sip-2@carrier").json().get("state").asText(),
                "found by SIP Call-ID too");

        JsonNode ended = api.get("/v1/calls/c-ended000000").json();
        assertEquals("ended", ended.get("state").asText());
        assertEquals("OPERATOR", ended.get("endedBy").asText());
        assertEquals("answered", ended.get("outcome").asText());
        assertEquals("OPERATOR_HANGUP", ended.get("endReason").asText());
        assertEquals(30_000, ended.get("durationMs").asLong());
        assertEquals("c-ended000000", ended.get("record").get("callId").asText());

        assertError(404, "no call", api.get("/v1/calls/c-unknown0000"));
        control.refusal = new CallControlException(CallControlException.Kind.NOT_FOUND, "no active call");
        assertError(409, "ended", api.delete("/v1/calls/c-ended000000"));
        assertError(404, "no active call", api.delete("/v1/calls/c-unknown0000"));
    }
}
