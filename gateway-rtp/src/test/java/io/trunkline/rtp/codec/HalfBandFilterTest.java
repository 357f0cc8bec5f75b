package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfBandFilterTest {

    private static final double RATE = 16000;

    /** |H(f)| of the designed taps at {@code f} Hz (16 kHz sampling). */
    static double magnitude(double[] h, double f) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < h.length; n++) {
            double w = 2 * Math.PI * f * n / RATE;
            re += h[n] * Math.cos(w);
            im -= h[n] * Math.sin(w);
        }
        return Math.hypot(re, im);
    }

    @Test
    void tapsAreSymmetricHalfBandWithUnityDcGain() {
        double[] h = HalfBandFilter.taps();
        assertEquals(59, h.length);
        double sum = 0;
        for (int n = 0; n < h.length; n++) {
            assertEquals(h[n], h[h.length - 1 - n], 0.0, "symmetry at " + n);
            int d = n - HalfBandFilter.CENTER;
            if (d != 0 && d % 2 == 0) {
                assertEquals(0.0, h[n], 0.0, "even offset " + d);
            } else {
                assertTrue(h[n] != 0, "odd offset " + d + " must be non-zero");
            }
            sum += h[n];
        }
        assertEquals(0.5, h[HalfBandFilter.CENTER], 0.0);
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void responseMeetsSpecification() {
        double[] h = HalfBandFilter.taps();
        double ref = magnitude(h, 1000);
        double maxDev = 0;
        for (int f = 0; f <= 3400; f += 10) {
            maxDev = Math.max(maxDev, Math.abs(Signals.db(magnitude(h, f) / ref)));
        }
        double worstStop = 0;
        for (int f = 4600; f <= 8000; f += 5) {
            worstStop = Math.max(worstStop, magnitude(h, f));
        }
        assertTrue(maxDev < 0.01, "passband deviation " + maxDev + " dB");
        assertTrue(Signals.db(worstStop) < -69, "stopband " + Signals.db(worstStop) + " dB");
        // A half-band passes exactly half amplitude at a quarter of the rate.
        assertEquals(0.5, magnitude(h, 4000), 1e-9);
    }

    @Test
    void pairCoefficientsFollowTheTaps() {
        double[] h = HalfBandFilter.taps();
        float[] c = HalfBandFilter.pairCoefficients(2.0);
        assertEquals(HalfBandFilter.PAIRS, c.length);
        for (int j = 0; j < c.length; j++) {
            assertEquals((float) (2 * h[2 * j]), c[j], 0f);
        }
        assertTrue(c[c.length - 1] > 0.6, "innermost pair last");
    }

    @Test
    void besselI0MatchesKnownValues() {
        assertEquals(1.0, HalfBandFilter.besselI0(0), 0);
        assertEquals(1.2660658777520082, HalfBandFilter.besselI0(1), 1e-15);
        assertEquals(67.23440697647798, HalfBandFilter.besselI0(6), 1e-11);
    }
}
