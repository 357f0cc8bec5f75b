package io.trunkline.bench.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Percentiles to the microsecond below 20 ms, to 0.1 ms above, and merging. */
class HistogramTest {

    @Test
    void percentilesOfAUniformSpread() {
        Histogram h = new Histogram();
        for (int us = 1; us <= 1000; us++) {
            h.record(us * 1000L - 1);
        }
        assertEquals(1000, h.count());
        assertEquals(0.5, h.percentileMs(0.5), 0.0011);
        assertEquals(0.99, h.percentileMs(0.99), 0.0011);
        assertEquals(0.999999, h.maxMs(), 1e-9);
    }

    @Test
    void largeValuesUseCoarseBucketsAndMaxIsExact() {
        Histogram h = new Histogram();
        h.record(25_050_000L);
        h.record(3_000_000_000L);
        assertEquals(25.1, h.percentileMs(0.5), 1e-9);
        assertEquals(3000.0, h.maxMs(), 1e-9);
        assertEquals(3000.0, h.percentileMs(1.0), 1e-9);
        assertEquals(1, h.countAbove(2_000_000_000L));
    }

    @Test
    void mergesAndReportsEmpty() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        assertEquals(-1, a.percentileMs(0.5));
        a.record(1_000_000L);
        b.record(3_000_000L);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(2.0, a.meanMs(), 1e-9);
        assertEquals(3.0, a.maxMs(), 1e-9);
    }
}
