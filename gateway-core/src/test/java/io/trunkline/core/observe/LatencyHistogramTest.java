package io.trunkline.core.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.record.LatencySummary;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketResolution() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 100_000L); // 0.1 ms .. 10 ms
        }
        assertEquals(100, h.count());
        assertEquals(10_000_000L, h.maxNanos());
        // Nearest rank: p50 is the 50th value (5 ms), p99 the 99th (9.9 ms); buckets are 1/8 of a doubling wide.
        assertEquals(5_000_000, h.quantileNanos(0.50), 5_000_000 * 0.07);
        assertEquals(9_900_000, h.quantileNanos(0.99), 9_900_000 * 0.07);
        LatencySummary s = h.summary();
        assertEquals(10.0, s.maxMs(), 1e-9);
        assertTrue(s.p50Ms() <= s.p99Ms() && s.p99Ms() <= s.maxMs(), s.toString());
    }

    @Test
    void extremesLandInTheEndBucketsAndNeverExceedTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.quantileNanos(0.5));
        assertEquals(LatencySummary.NONE, h.summary());
        h.record(-5);
        h.record(300);
        assertEquals(300, h.quantileNanos(1.0), "clamped to the recorded maximum");
        h.record(60_000_000_000L);
        assertEquals(60_000_000_000L, h.maxNanos());
        assertEquals(1L << 34, h.quantileNanos(1.0), "beyond the top bucket: reported at its edge");
    }

    @Test
    void bucketIndexesIncreaseWithTheValue() {
        int previous = -1;
        for (long v = 1; v < (1L << 36); v = v * 5 / 4 + 1) {
            int index = LatencyHistogram.index(v);
            assertTrue(index >= previous, "monotonic at " + v);
            assertTrue(LatencyHistogram.midpoint(index) > 0);
            previous = index;
        }
    }
}
