package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a real gateway while SIPp places calls: the PromQL call count and set-up histogram come
 * out right, the checked-in alert rules load and evaluate, and every metric the Grafana dashboard and the alerts
 * use is in the gateway's scrape, with every one of their queries accepted by Prometheus.
 */
class PrometheusScrapeIT {
    private static final int CALLS = 10;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tools.require(Tools.SIPP, "sip-tester");
        Tools.require(Tools.PROMETHEUS, "prometheus");
    }

    @Test
    void prometheusCountsTheCallsAndTheSetupHistogramAndTheOpsAssetsMatchTheScrape() throws Exception {
        // The caller speaks 300 ms every second; the demo agent echoes each burst 500 ms later: turns to count.
        TestAudio.writeUlawWav(dir.resolve("caller.wav"), TestAudio.ulawBursts(440, -12, 300, 1000, 2000));
        try (ObservedGateway gw = ObservedGateway.start(dir);
             PrometheusServer prometheus = PrometheusServer.start(dir,
                     "127.0.0.1:" + gw.metrics().getPort(), OpsAssets.ALERTS)) {
            Await.until(Duration.ofSeconds(20), "the gateway scraped", () -> up(prometheus));

            Sipp.Result result = Sipp.start(dir, gw.sipPort(), Sipp.OBSERVE_CALL, 60, "-s", "+15083728299",
                    "-m", String.valueOf(CALLS), "-r", "5", "-l", String.valueOf(CALLS), "-d", "2000").await(90);
            assertEquals(0, result.exitCode(), "SIPp failed:\n" + result.output() + result.errors());
            Await.until(Duration.ofSeconds(10), CALLS + " records", () -> gw.records().size() == CALLS);

            Await.until(Duration.ofSeconds(20), "Prometheus counts " + CALLS + " calls",
                    () -> value(prometheus, "sum(gateway_calls_total)") == CALLS);
            assertEquals(CALLS, value(prometheus, "sum(gateway_calls_total{outcome=\"answered\"})"));
            assertEquals(CALLS, value(prometheus, "sum(gateway_sip_invite_answer_seconds_count)"));
            assertEquals(CALLS, value(prometheus, "sum(gateway_sip_invite_answer_seconds_bucket{le=\"+Inf\"})"));
            double nonEmptyBuckets = value(prometheus,
                    "count(gateway_sip_invite_answer_seconds_bucket{le!=\"+Inf\"} > 0)");
            assertTrue(nonEmptyBuckets >= 1, "finite set-up buckets with calls in them: " + nonEmptyBuckets);
            double setupP95 = value(prometheus,
                    "histogram_quantile(0.95, sum by (le) (gateway_sip_invite_answer_seconds_bucket))");
            assertTrue(setupP95 > 0 && setupP95 < 5, "set-up p95 " + setupP95 + " s");
            double turns = value(prometheus, "sum(gateway_agent_turn_latency_seconds_count)");
            double inbound = value(prometheus, "sum(gateway_rtp_packets_total{direction=\"in\"})");
            System.out.printf("[observe] Prometheus: %d calls, set-up p95 %.3f s, %d finite set-up buckets in use, "
                    + "%.0f turns, %.0f inbound packets%n", CALLS, setupP95, (long) nonEmptyBuckets, turns, inbound);
            assertTrue(inbound >= CALLS * 50, "inbound packets " + inbound);

            // The alert rules as Prometheus loaded and evaluated them.
            Await.until(Duration.ofSeconds(10), "rules evaluated", () -> rulesHealthy(prometheus));

            // Every metric the ops assets use is in a real scrape, and every query of theirs is valid PromQL.
            List<String> expressions = OpsAssets.expressions();
            Set<String> used = OpsAssets.metricNames(expressions);
            Set<String> scraped = OpsAssets.sampleNames(gw.get("/metrics").body());
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(scraped);
            assertTrue(missing.isEmpty(), "metrics used by the dashboard or alerts but not exported: " + missing);
            assertTrue(used.size() > 20, "the assets use " + used);
            for (String expr : expressions) {
                prometheus.query(expr); // fails on a query Prometheus rejects
            }
            assertFalse(expressions.isEmpty());
        }
    }

    private static boolean up(PrometheusServer prometheus) {
        try {
            return value(prometheus, "up{job=\"trunkline\"}") == 1;
        } catch (Exception e) {
            return false;
        }
    }

    /** The number of alert rules in the checked-in file. */
    private static int alertRules() throws java.io.IOException {
        return (int) java.nio.file.Files.readAllLines(OpsAssets.ALERTS).stream()
                .filter(line -> line.trim().startsWith("- alert:")).count();
    }

    private static boolean rulesHealthy(PrometheusServer prometheus) {
        try {
            int rules = 0;
            for (JsonNode group : prometheus.rules()) {
                for (JsonNode rule : group.path("rules")) {
                    if (!"ok".equals(rule.path("health").asText())) {
                        return false;
                    }
                    rules++;
                }
            }
            return rules == alertRules();
        } catch (Exception e) {
            return false;
        }
    }

    private static double value(PrometheusServer prometheus, String promql) {
        try {
            return prometheus.scalar(promql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
