package io.trunkline.metrics;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.AgentTimings;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.FarEndStats;
import io.trunkline.core.record.GatewayTimings;
import io.trunkline.core.record.LatencySummary;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.core.record.SipTimings;
import io.trunkline.core.record.TurnStats;
import java.time.Instant;
import java.util.Map;

/** Call records for tests: one answered call with every figure filled, and a refused one. */
public final class TestRecords {
    private TestRecords() {
    }

    public static CallParties parties(String sipCallId) {
        return new CallParties(sipCallId, "sip:+15550001@carrier", "sip:+15550002@gw", "CA1", "AC1", null, null,
                Map.of("X-Tenant", "acme"));
    }

    public static CallRecord answered(String callId) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return CallRecord.builder(callId).parties(parties(callId + "@host")).agentKind("demo").codec("PCMU_8K")
                .startedAt(start).answeredAt(start.plusMillis(900)).endedAt(start.plusMillis(10_900))
                .durationMs(10_000)
                .sip(new SipTimings(1.5, 2, 900, 930, Double.NaN, 10_900))
                .agent(new AgentTimings(850, 300, 320, 400, 440, 0, 0))
                .inbound(new RtpStreamStats(500, 80_000, 5, 0.01, 4, 9, 1, 2, 0))
                .outbound(RtpStreamStats.sent(510, 81_600))
                .farEnd(new FarEndStats(2, 3, 0.0059, 0.01, 6, 8, 42, 44))
                .gateway(new GatewayTimings(new LatencySummary(500, 0.2, 0.9, 1.4),
                        new LatencySummary(300, 0.1, 0.6, 0.8), new LatencySummary(300, 20, 80, 95),
                        new LatencySummary(510, 0.4, 2.5, 4)))
                .turns(new TurnStats(3, 700, 950, 980))
                .dtmfDigits("42#").bargeIns(1).finalStatus(200).endReason(EndReason.CALLER_HANGUP).build();
    }

    public static CallRecord refused(String callId) {
        return CallRecord.builder(callId).parties(parties(callId + "@host")).agentKind("demo")
                .startedAt(Instant.parse("2026-01-01T00:01:00Z")).endedAt(Instant.parse("2026-01-01T00:01:00Z"))
                .sip(new SipTimings(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)).finalStatus(503)
                .endReason(EndReason.REJECTED_CAPACITY).build();
    }
}
