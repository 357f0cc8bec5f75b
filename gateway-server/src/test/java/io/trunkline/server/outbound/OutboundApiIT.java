package io.trunkline.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.ApiConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.api.ApiClient;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound calls through the call-control API: {@code POST /v1/calls} places them through SIPp as the termination
 * trunk, {@code GET} shows them outbound, digits reach the callee, {@code DELETE} cancels a ringing one and ends an
 * answered one with BYE.
 */
class OutboundApiIT {
    private static final String TOKEN_VARIABLE = "TEST_OUTBOUND_API_TOKEN";
    private static final String TOKEN = "outbound-api-token";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static RunningGateway gateway(String trunk) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(52000, 2000), 100),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5),
                new MetricsConfig("127.0.0.1", 0, true, 50),
                new RecordsConfig(""))
                .withApi(new ApiConfig(TOKEN_VARIABLE, List.of("127.0.0.0/8")))
                .withOutbound(new OutboundConfig(trunk, "TEST_NO_USER", "TEST_NO_PASSWORD", "+15550009999", 1, 5,
                        List.of("+1"), Duration.ofSeconds(20), "udp"));
        return RunningGateway.start(config, Map.of(TOKEN_VARIABLE, TOKEN));
    }

    private static CallRecord awaitRecord(RunningGateway gw, String id) {
        return Await.value(WAIT, "the record of " + id, () -> gw.records().stream()
                .filter(r -> r.callId().equals(id)).findFirst().orElse(null));
    }

    /** The call's {@code state} as {@code GET /v1/calls/{id}} says it. */
    private static String state(ApiClient api, String id) {
        try {
            return api.get("/v1/calls/" + id).json().path("state").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCallPlacedThroughTheApiIsCancelledByDeleteWhileItRings() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.NO_ANSWER, 1, 20);
        try (RunningGateway gw = gateway(trunk.uri())) {
            ApiClient api = new ApiClient(gw.gateway().metricsAddress(), TOKEN);
            assertEquals(400, api.post("/v1/calls", "{\"to\":\"5550001111\"}").status(), "not E.164");
            ApiClient.Answer forbidden = api.post("/v1/calls", "{\"to\":\"+445550001111\"}");
            assertEquals(403, forbidden.status(), forbidden.toString());

            ApiClient.Answer placed = api.post("/v1/calls", "{\"to\":\"+15550008888\",\"metadata\":{\"crm\":\"42\"}}");
            assertEquals(201, placed.status(), placed.toString());
            String id = placed.json().path("id").asText();
            JsonNode view = api.get("/v1/calls/" + id).json();
            assertEquals("outbound", view.path("direction").asText(), view.toString());
            assertEquals("ringing", view.path("state").asText(), view.toString());

            assertEquals(204, api.delete("/v1/calls/" + id).status());
            CallRecord r = awaitRecord(gw, id);
            assertEquals(CallDirection.OUTBOUND, r.direction());
            assertEquals(EndReason.OPERATOR_HANGUP, r.endReason());
            assertEquals(EndedBy.OPERATOR, r.endedBy());
            assertEquals(CallOutcome.CANCELLED, r.outcome());
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "CANCEL after the 180, 487 acknowledged: " + sipp.describe());
            gw.awaitIdle();
        }
    }

    @Test
    void digitsReachTheCalleeAndDeleteEndsTheAnsweredCallWithBye() throws Exception {
        try (CallerRtp callee = new CallerRtp()) {
            TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.HOLD, 1, 30, "-key", "rtpport",
                    String.valueOf(callee.port()));
            try (RunningGateway gw = gateway(trunk.uri())) {
                ApiClient api = new ApiClient(gw.gateway().metricsAddress(), TOKEN);
                ApiClient.Answer placed = api.post("/v1/calls", "{\"to\":\"+15550008888\"}");
                assertEquals(201, placed.status(), placed.toString());
                String id = placed.json().path("id").asText();
                Await.until(WAIT, "the call answered", () -> "answered".equals(state(api, id)));
                ApiClient.Answer digits = api.post("/v1/calls/" + id + "/dtmf", "{\"digits\":\"5\"}");
                assertEquals(202, digits.status(), digits.toString());
                Await.until(WAIT, "RFC 4733 events at the callee", () -> callee.received().stream()
                        .anyMatch(p -> p.payloadType() == CallerRtp.TELEPHONE_EVENT));
                assertEquals(204, api.delete("/v1/calls/" + id).status());
                Sipp.Result sipp = trunk.await(20);
                assertEquals(0, sipp.exitCode(), "BYE with the API's Reason: " + sipp.describe());
                CallRecord r = awaitRecord(gw, id);
                assertEquals(CallOutcome.ANSWERED, r.outcome());
                assertEquals(EndReason.OPERATOR_HANGUP, r.endReason());
                assertTrue(r.sip().byeSent() > r.sip().answered(), r.sip().toString());
                JsonNode ended = api.get("/v1/calls/" + id).json();
                assertEquals("outbound", ended.path("direction").asText(), ended.toString());
                gw.awaitIdle();
            }
        }
    }
}
