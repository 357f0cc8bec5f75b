package io.trunkline.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.AttributionThresholds;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static final AttributionThresholds LIMITS = AttributionThresholds.DEFAULTS;
    private static final SipTimings SIP = new SipTimings(2, 3, 900, 930, -1, 5000);
    private static final RtpStreamStats CLEAN = new RtpStreamStats(200, 32_000, 0, 0, 4, 9, 0, 0, 0);
    private static final GatewayTimings FAST = new GatewayTimings(new LatencySummary(200, 0.2, 0.8, 1.5),
            new LatencySummary(200, 0.1, 0.5, 0.9), new LatencySummary(200, 15, 60, 70),
            new LatencySummary(200, 0.5, 2, 3));
    private static final AgentTimings AGENT = new AgentTimings(850, 300, 320, 400, 450, 0, 0);

    @Test
    void aHealthyCallHasNoVerdictAndShowsEachLayer() {
        Attribution a = Attribution.assess(SIP, CLEAN, null, FAST, AGENT, new TurnStats(3, 700, 900, 950), LIMITS);
        assertEquals("none", a.verdict());
        assertEquals(List.of(), a.exceeded());
        assertEquals(900, a.carrier().setupMs());
        assertEquals(30, a.carrier().ackMs(), 1e-9);
        assertEquals(4, a.carrier().jitterMeanMs());
        assertTrue(Double.isNaN(a.carrier().rttMs()), "no RTCP, no round trip");
        assertEquals(0.8, a.gateway().inboundP99Ms());
        assertEquals(2, a.gateway().pacingErrorP99Ms());
        assertEquals(850, a.agent().connectMs());
        assertEquals(900, a.agent().turnP95Ms());
        assertEquals(3, a.agent().turns());
    }

    @Test
    void theLayerFurthestBeyondItsThresholdIsNamed() {
        // Turn p95 at 3000 ms is 2x its 1500 ms limit; 45 ms jitter is only 1.5x its 30 ms limit.
        RtpStreamStats jittery = new RtpStreamStats(200, 32_000, 0, 0, 45, 80, 0, 0, 0);
        Attribution a = Attribution.assess(SIP, jittery, null, FAST, AGENT, new TurnStats(4, 1800, 3000, 3100),
                LIMITS);
        assertEquals("agent", a.verdict());
        assertEquals(List.of("agent.turnP95Ms", "carrier.jitterMeanMs"), a.exceeded());
    }

    @Test
    void lossEitherWayAndSlowProcessingAreAttributed() {
        RtpStreamStats lossy = new RtpStreamStats(200, 32_000, 12, 0.06, 4, 9, 0, 0, 0);
        assertEquals("carrier", Attribution.assess(SIP, lossy, null, FAST, AGENT, TurnStats.NONE, LIMITS).verdict());

        FarEndStats farLoss = new FarEndStats(2, 9, 0.03, 0.05, 5, 6, 40, 45);
        Attribution far = Attribution.assess(SIP, CLEAN, farLoss, FAST, AGENT, TurnStats.NONE, LIMITS);
        assertEquals("carrier", far.verdict());
        assertEquals(List.of("carrier.farEndLossFraction"), far.exceeded());

        GatewayTimings slow = new GatewayTimings(new LatencySummary(200, 5, 45, 60), FAST.outbound(),
                FAST.pacingWait(), FAST.pacingError());
        assertEquals("gateway", Attribution.assess(SIP, CLEAN, null, slow, AGENT, TurnStats.NONE, LIMITS).verdict());
    }

    @Test
    void unmeasuredFiguresNeverCross() {
        Attribution rejected = Attribution.assess(SipTimings.NONE, RtpStreamStats.EMPTY, null, GatewayTimings.NONE,
                AgentTimings.NONE, TurnStats.NONE, LIMITS);
        assertEquals("none", rejected.verdict());
        assertTrue(Double.isNaN(rejected.carrier().lossFraction()), "not measured");
        assertTrue(Double.isNaN(rejected.carrier().ackMs()), "not measured");
    }
}
