package io.trunkline.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Worked examples of the simplified E-model, computed by hand from the formulas in {@link EModel}. */
class EModelTest {

    @Test
    void aPerfectG711CallRatesAboutFourPointFour() {
        // d = 0 + 2·0 + 10 = 10 ms; Id = 0.24; Ie,eff = 0; R = 92.96.
        assertEquals(92.96, EModel.rFactor(0, 0, 0), 1e-9);
        // MOS = 1 + 0.035·92.96 + 92.96·32.96·7.04·7e-6 = 4.4046
        assertEquals(4.4046, EModel.mos(0, 0, 0), 1e-4);
    }

    @Test
    void onePercentLossAndTwentyMillisecondsOfJitter() {
        // d = 100 + 40 + 10 = 150 ms: Id = 3.6. Ppl = 1: Ie,eff = 95·1/(1 + 4.3) = 17.9245. R = 71.6755.
        assertEquals(71.6755, EModel.rFactor(100, 20, 0.01), 1e-4);
        assertEquals(3.6746, EModel.mos(100, 20, 0.01), 1e-4);
    }

    @Test
    void delayBeyond177MillisecondsCostsMore() {
        // d = 200 + 80 + 10 = 290 ms: Id = 6.96 + 0.11·112.7 = 19.357. Ppl = 5: Ie,eff = 475/9.3 = 51.0753.
        assertEquals(22.7677, EModel.rFactor(200, 40, 0.05), 1e-4);
        assertEquals(1.3386, EModel.mos(200, 40, 0.05), 1e-4);
    }

    @Test
    void mosIsClampedToItsScale() {
        assertEquals(1.0, EModel.mos(-5), 0);
        assertEquals(4.5, EModel.mos(120), 0);
        assertEquals(1.0, EModel.mos(2000, 500, 1.0), 0, "a hopeless call is still 1, never below");
        assertTrue(EModel.mos(0, 0, 0.02) < EModel.mos(0, 0, 0.01), "more loss, lower score");
    }

    @Test
    void qualityTakesTheWorseDirection() {
        RtpStreamStats inbound = new RtpStreamStats(1000, 160_000, 0, 0, 0, 0, 0, 0, 0);
        GatewayTimings gateway = GatewayTimings.NONE;
        Quality inOnly = Quality.of(inbound, null, gateway);
        assertEquals(EModel.mos(0, 0, 0), inOnly.mos(), 1e-9);
        assertTrue(Double.isNaN(inOnly.outboundMos()), "no RTCP report: not measured");

        FarEndStats lossy = new FarEndStats(3, 10, 0.01, 0.02, 20, 25, 200, 220);
        Quality both = Quality.of(inbound, lossy, gateway);
        // Both directions use half the round trip (100 ms) as network delay; outbound adds 1 % loss and 20 ms jitter.
        assertEquals(EModel.mos(100, 0, 0), both.inboundMos(), 1e-9);
        assertEquals(3.6746, both.outboundMos(), 1e-4);
        assertEquals(both.outboundMos(), both.mos(), 0);
        assertEquals(Quality.NONE, Quality.of(RtpStreamStats.EMPTY, null, gateway), "no media, no estimate");
    }
}
