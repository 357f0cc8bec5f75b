package io.trunkline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.SipTimings;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayMetersTest {

    private static final Set<String> ALLOWED_TAGS = Set.of("direction", "codec", "agent", "outcome", "reason", "kind",
            "status_class", "phase", "verdict", "result");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMeters meters = new GatewayMeters(registry);

    @Test
    void outboundCallsAreCountedByDirectionAndLeaveTheUasTimingsAlone() {
        MicrometerCallObserver calls = new MicrometerCallObserver(meters);
        meters.registerBaseline(List.of("demo"));
        calls.callEnded(CallRecord.builder("o-1").agentKind("demo").direction(CallDirection.OUTBOUND)
                .sip(new SipTimings(5, 50, 900, 900, Double.NaN, Double.NaN)).finalStatus(486)
                .endReason(EndReason.CALLEE_BUSY).build());
        String scrape = registry.scrape();
        assertEquals(1.0, value(scrape,
                "gateway_calls_total{agent=\"demo\",direction=\"outbound\",outcome=\"busy\"}"));
        assertEquals(0.0, value(scrape,
                "gateway_calls_total{agent=\"demo\",direction=\"outbound\",outcome=\"no-answer\"}"));
        assertEquals(0.0, value(scrape,
                "gateway_calls_total{agent=\"demo\",direction=\"inbound\",outcome=\"busy\"}"));
        assertEquals(0.0, value(scrape, "gateway_sip_invite_answer_seconds_count")); // the trunk's answer is not ours
        assertEquals(0.0, value(scrape, "gateway_sip_responses_total{status_class=\"4xx\"}"));
    }

    @Test
    void aFinishedCallFeedsTheCallSipAndAgentMeters() {
        MicrometerCallObserver calls = new MicrometerCallObserver(meters);
        calls.callEnded(TestRecords.answered("c-1"));
        calls.callEnded(TestRecords.refused("c-2"));
        calls.callRejected(EndReason.REJECTED_CAPACITY);
        calls.turnLatency("demo", 700_000_000L);
        calls.bargeIn("demo");
        calls.agentError("demo", AgentFailure.Kind.CONNECTION_LOST);
        String scrape = registry.scrape();

        assertEquals(1.0, value(scrape,
                "gateway_calls_total{agent=\"demo\",direction=\"inbound\",outcome=\"answered\"}"));
        assertEquals(1.0, value(scrape,
                "gateway_calls_total{agent=\"demo\",direction=\"inbound\",outcome=\"rejected\"}"));
        assertEquals(1.0, value(scrape, "gateway_calls_rejected_total{reason=\"rejected-capacity\"}"));
        assertEquals(1.0, value(scrape, "gateway_sip_invite_answer_seconds_count"));
        assertEquals(0.9, value(scrape, "gateway_sip_invite_answer_seconds_sum"), 1e-9);
        assertEquals(0.03, value(scrape, "gateway_sip_answer_ack_seconds_sum"), 1e-9);
        // 100 twice, 180 once, one 200 and one 503
        assertEquals(3.0, value(scrape, "gateway_sip_responses_total{status_class=\"1xx\"}"));
        assertEquals(1.0, value(scrape, "gateway_sip_responses_total{status_class=\"2xx\"}"));
        assertEquals(1.0, value(scrape, "gateway_sip_responses_total{status_class=\"5xx\"}"));
        assertEquals(0.4, value(scrape, "gateway_agent_connect_seconds_sum{agent=\"demo\",phase=\"rest\"}"), 1e-9);
        assertEquals(0.32, value(scrape, "gateway_agent_first_speech_seconds_sum{agent=\"demo\"}"), 1e-9);
        assertEquals(1.0, value(scrape, "gateway_agent_turn_latency_seconds_count{agent=\"demo\"}"));
        assertEquals(1.0, value(scrape, "gateway_agent_barge_ins_total{agent=\"demo\"}"));
        assertEquals(1.0, value(scrape, "gateway_agent_errors_total{agent=\"demo\",kind=\"connection-lost\"}"));
        assertEquals(10.0, value(scrape, "gateway_call_duration_seconds_sum{agent=\"demo\"}"), 1e-9);
        assertEquals(1.0, value(scrape, "gateway_call_mos_count{agent=\"demo\"}"));
        assertEquals(2.0, value(scrape, "gateway_call_verdicts_total{verdict=\"none\"}"));
        assertTrue(scrape.contains("gateway_sip_invite_answer_seconds_bucket{le=\""), "a histogram with buckets");
    }

    @Test
    void mediaMetersAreResolvedPerCodec() {
        MicrometerMediaObserver media = new MicrometerMediaObserver(meters);
        LegObserver pcmu = media.leg(AudioFormat.PCMU_8K);
        assertTrue(pcmu == media.leg(AudioFormat.PCMU_8K), "one shared observer per codec");
        for (int i = 0; i < 50; i++) {
            pcmu.packetReceived(160);
            pcmu.inboundProcessing(200_000);
        }
        pcmu.packetSent(160);
        pcmu.inboundLost(3);
        pcmu.outboundLost(2);
        pcmu.duplicate();
        pcmu.outOfOrder();
        pcmu.pacerLateTick();
        pcmu.channelError();
        pcmu.inboundJitter(4_000_000);
        pcmu.pacingWait(30_000_000);
        pcmu.pacingError(1_000_000);
        pcmu.outboundProcessing(100_000);
        pcmu.dtmf();
        pcmu.rtcpSent();
        pcmu.farEndReport(0.25, 20_000_000, 42_000_000);
        media.leg(AudioFormat.PCMA_8K).packetReceived(160);
        String scrape = registry.scrape();

        assertEquals(50.0, value(scrape, "gateway_rtp_packets_total{codec=\"pcmu\",direction=\"in\"}"));
        assertEquals(8000.0, value(scrape, "gateway_rtp_bytes_total{codec=\"pcmu\",direction=\"in\"}"));
        assertEquals(1.0, value(scrape, "gateway_rtp_packets_total{codec=\"pcma\",direction=\"in\"}"));
        assertEquals(3.0, value(scrape, "gateway_rtp_lost_total{codec=\"pcmu\",direction=\"in\"}"));
        assertEquals(2.0, value(scrape, "gateway_rtp_lost_total{codec=\"pcmu\",direction=\"out\"}"));
        assertEquals(1.0, value(scrape, "gateway_media_pacing_late_ticks_total{codec=\"pcmu\"}"));
        assertEquals(1.0, value(scrape, "gateway_rtp_channel_errors_total{codec=\"pcmu\"}"));
        assertEquals(0.004, value(scrape, "gateway_rtp_jitter_seconds_sum{codec=\"pcmu\",direction=\"in\"}"), 1e-12);
        assertEquals(0.02, value(scrape, "gateway_rtp_jitter_seconds_sum{codec=\"pcmu\",direction=\"out\"}"), 1e-12);
        assertEquals(50.0, value(scrape, "gateway_media_processing_seconds_count{codec=\"pcmu\",direction=\"in\"}"));
        assertEquals(1.0, value(scrape, "gateway_dtmf_events_total{codec=\"pcmu\"}"));
        assertEquals(0.042, value(scrape, "gateway_rtcp_rtt_seconds_sum{codec=\"pcmu\"}"), 1e-12);
        assertEquals(1.0, value(scrape, "gateway_rtcp_reports_total{codec=\"pcmu\",direction=\"out\"}"));
        assertEquals(0.25, value(scrape, "gateway_rtcp_fraction_lost_sum{codec=\"pcmu\"}"), 1e-12);
    }

    @Test
    void everyDropReasonIsOneSeriesOfOneCounterTaggedWithItsDirection() {
        meters.registerBaseline(java.util.List.of("demo"));
        MicrometerCallObserver calls = new MicrometerCallObserver(meters);
        calls.dropped(DropReason.PLAYOUT_FULL, 75);
        calls.dropped(DropReason.PLAYOUT_FULL, 25);
        calls.dropped(DropReason.RTP_SOURCE, 1);
        calls.dropped(DropReason.AGENT_NOT_READING, 3);
        String scrape = registry.scrape();

        assertEquals(100.0, value(scrape, "gateway_media_dropped_total{direction=\"out\",reason=\"playout-full\"}"));
        assertEquals(1.0, value(scrape, "gateway_media_dropped_total{direction=\"in\",reason=\"source\"}"));
        assertEquals(3.0,
                value(scrape, "gateway_media_dropped_total{direction=\"in\",reason=\"agent-not-reading\"}"));
        for (DropReason reason : DropReason.values()) {
            String series = "gateway_media_dropped_total{direction=\"" + reason.direction().tag() + "\",reason=\""
                    + reason.tag() + "\"}";
            assertTrue(scrape.contains(series), "registered at zero before the first drop: " + series);
        }
        assertEquals(DropReason.values().length, registry.find(GatewayMeters.MEDIA_DROPPED).counters().size());
    }

    @Test
    void everyMeterHasADescriptionAndOnlyBoundedTags() {
        new MicrometerMediaObserver(meters);
        MicrometerCallObserver calls = new MicrometerCallObserver(meters);
        calls.callEnded(TestRecords.answered("c-1"));
        calls.callEnded(TestRecords.refused("c-2"));
        meters.bindActiveCalls(() -> 3);
        meters.recordsWritten();
        meters.recordsDropped("queue");
        meters.recordsWebhook("delivered");
        assertFalse(registry.getMeters().isEmpty());
        for (Meter meter : registry.getMeters()) {
            assertTrue(meter.getId().getName().startsWith("gateway."), meter.getId().toString());
            assertNotNull(meter.getId().getDescription(), meter.getId().getName());
            meter.getId().getTags().forEach(tag -> {
                assertTrue(ALLOWED_TAGS.contains(tag.getKey()), meter.getId() + ": tag " + tag.getKey());
                assertFalse(tag.getValue().startsWith("c-") || tag.getValue().contains("@")
                        || tag.getValue().contains("+1555"), meter.getId() + ": " + tag.getValue());
            });
        }
        assertEquals(3.0, value(registry.scrape(), "gateway_calls_active"));
    }

    /** The value of one sample line of a Prometheus text scrape. */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    private static void assertEquals(double expected, double actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, 1e-9);
    }

    private static void assertEquals(double expected, double actual, double delta) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, delta);
    }
}
