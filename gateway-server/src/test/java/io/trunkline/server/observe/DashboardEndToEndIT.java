package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One SIPp call against a real gateway with the demo agent, watched from every side while it runs and after: the
 * dashboard page in a real headless Chromium, {@code /calls}, {@code /calls/{id}}, {@code /metrics} and the record
 * file, with the attribution filled in.
 */
class DashboardEndToEndIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tools.require(Tools.SIPP, "sip-tester");
        Tools.require(Tools.CHROMIUM, "chromium");
    }

    @Test
    void aCallShowsUpLiveAndThenAsARecordWithItsAttribution() throws Exception {
        // The caller speaks 300 ms every 2 s; the demo agent echoes it 500 ms later: a turn every 2 s.
        TestAudio.writeUlawWav(dir.resolve("caller.wav"), TestAudio.ulawBursts(440, -12, 300, 2000, 4000));
        try (ObservedGateway gw = ObservedGateway.start(dir)) {
            assertEquals(200, gw.get("/ready").statusCode());
            // One call held 15 s: long enough for a slow browser start.
            Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), Sipp.OBSERVE_CALL, 60,
                    "-s", "+15083728299", "-m", "1", "-r", "1", "-l", "1", "-d", "15000");

            ActiveCall live = Await.value(Duration.ofSeconds(15), "the call answered", () -> {
                List<ActiveCall> active = gw.gateway().bridge().activeCallList();
                return active.size() == 1 && active.get(0).answeredAt() != null ? active.get(0) : null;
            });
            JsonNode calls = json(gw.get("/calls").body());
            assertEquals(live.callId(), calls.path("active").get(0).path("callId").asText());
            assertEquals("ANSWERED", calls.path("active").get(0).path("state").asText());
            assertEquals(1.0, sample(gw.get("/metrics").body(), "gateway_calls_active"));
            assertTrue(gw.get("/calls/" + live.callId()).body().contains("\"active\":true"));

            String during = Chromium.dumpDom(dir, gw.url("/"));
            String activeTable = section(during, "id=\"active\"");
            assertTrue(activeTable.contains("data-call-id=\"" + live.callId() + "\""),
                    "the live call in the dashboard's active table:\n" + activeTable);
            assertTrue(activeTable.contains("ANSWERED"), activeTable);

            Sipp.Result result = sipp.await(60);
            assertEquals(0, result.exitCode(), "SIPp failed:\n" + result.output() + result.errors());
            CallRecord r = Await.value(Duration.ofSeconds(10), "the record",
                    () -> gw.records().isEmpty() ? null : gw.records().get(0));
            assertEquals(live.callId(), r.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(CallOutcome.ANSWERED, r.outcome());
            assertTrue(r.inbound().packets() > 300, r.inbound().toString());
            assertTrue(r.turns().count() >= 2, "turns against the echoing agent: " + r.turns());
            assertTrue(r.turns().p50Ms() > 50 && r.turns().p50Ms() < 2000, r.turns().toString());
            assertTrue(r.agent().firstSpeechMs() >= 0 && r.agent().firstSpeechMs() < 3000, r.agent().toString());
            assertTrue(r.gateway().inbound().count() > 300, r.gateway().toString());
            assertTrue(r.gateway().outbound().count() > 0 && r.gateway().pacingError().count() > 0,
                    r.gateway().toString());
            assertTrue(r.quality().mos() > 4, r.quality().toString());
            assertNotNull(r.attribution().verdict());
            report(r);

            JsonNode one = json(gw.get("/calls/" + r.callId()).body());
            assertFalse(one.path("active").asBoolean());
            JsonNode attribution = one.path("record").path("attribution");
            assertEquals(r.attribution().verdict(), attribution.path("verdict").asText());
            assertTrue(attribution.path("carrier").path("setupMs").asDouble() > 0, attribution.toString());
            assertTrue(attribution.path("gateway").path("inboundP99Ms").asDouble() >= 0, attribution.toString());
            assertTrue(attribution.path("agent").path("connectMs").asDouble() >= 0, attribution.toString());

            String after = Chromium.dumpDom(dir, gw.url("/"));
            String recentTable = section(after, "id=\"recent\"");
            Matcher row = Pattern.compile("<tr[^>]*data-call-id=\"" + r.callId() + "\"[^>]*>").matcher(recentTable);
            assertTrue(row.find(), "the record in the dashboard's recent table:\n" + recentTable);
            assertTrue(row.group().contains("data-verdict=\"" + r.attribution().verdict() + "\""), row.group());
            assertTrue(recentTable.contains("verdict-" + r.attribution().verdict()), recentTable);
            assertTrue(recentTable.contains("first speech"), "the agent layer is shown");
            assertFalse(section(after, "id=\"active\"").contains("data-call-id=\"" + r.callId() + "\""),
                    "no longer active");
            assertTrue(after.contains("id=\"tile-setup\""), "headline figures shown");

            String metrics = gw.get("/metrics").body();
            assertEquals(1.0, sample(metrics,
                    "gateway_calls_total{agent=\"demo\",direction=\"inbound\",outcome=\"answered\"}"));
            assertEquals(1.0, sample(metrics, "gateway_sip_invite_answer_seconds_count"));
            assertEquals(0.0, sample(metrics, "gateway_calls_active"));
            assertTrue(sample(metrics, "gateway_rtp_packets_total{codec=\"pcmu\",direction=\"in\"}")
                    >= r.inbound().packets());
            assertTrue(sample(metrics, "gateway_agent_turn_latency_seconds_count{agent=\"demo\"}") >= 2);
            assertTrue(sample(metrics, "gateway_rtcp_reports_total{codec=\"pcmu\",direction=\"out\"}") >= 1,
                    "RTCP sent during the call");

            Await.until(Duration.ofSeconds(5), "the record file", () -> gw.gateway().records().written() == 1);
            List<String> lines = Files.readAllLines(gw.recordFile());
            assertEquals(1, lines.size());
            JsonNode line = json(lines.get(0));
            assertEquals(r.callId(), line.path("callId").asText());
            assertEquals(r.attribution().verdict(), line.path("attribution").path("verdict").asText());
            assertEquals(r.turns().count(), line.path("turns").path("count").asInt());
        }
    }

    /** The part of the DOM from the element with {@code marker} to the end of its table. */
    private static String section(String dom, String marker) {
        int start = dom.indexOf(marker);
        assertTrue(start >= 0, "no " + marker + " in the page:\n" + dom);
        int end = dom.indexOf("</table>", start);
        return dom.substring(start, end < 0 ? dom.length() : end);
    }

    private static JsonNode json(String text) throws Exception {
        return CallRecordJson.mapper().readTree(text);
    }

    static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no sample " + series);
        return Double.parseDouble(m.group(1));
    }

    private static void report(CallRecord r) {
        System.out.printf("[observe] call %s: setup %.1f ms, agent connect %.1f ms, first speech %.1f ms, "
                        + "turns %d (p50 %.1f ms, p95 %.1f ms), inbound jitter mean %.2f ms, loss %.4f, "
                        + "gateway in p50/p99 %.3f/%.3f ms, out p50/p99 %.3f/%.3f ms, pacing wait p50 %.1f ms, "
                        + "pacing error p99 %.3f ms, MOS %.2f, verdict %s %s%n",
                r.callId(), r.sip().answered(), r.agent().connectMs(), r.agent().firstSpeechMs(), r.turns().count(),
                r.turns().p50Ms(), r.turns().p95Ms(), r.inbound().jitterMeanMs(), r.inbound().lossFraction(),
                r.gateway().inbound().p50Ms(), r.gateway().inbound().p99Ms(), r.gateway().outbound().p50Ms(),
                r.gateway().outbound().p99Ms(), r.gateway().pacingWait().p50Ms(), r.gateway().pacingError().p99Ms(),
                r.quality().mos(), r.attribution().verdict(), r.attribution().exceeded());
    }
}
