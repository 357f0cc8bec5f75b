package io.trunkline.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogLimiterTest {

    @Test
    void letsABurstThroughThenCountsWhatItDrops() {
        LogLimiter limiter = new LogLimiter(60_000, 3);
        assertEquals(0, limiter.tryAcquire());
        assertEquals(0, limiter.tryAcquire());
        assertEquals(0, limiter.tryAcquire());
        for (int i = 0; i < 7; i++) {
            assertEquals(-1, limiter.tryAcquire());
        }
        assertEquals(" (7 similar lines dropped)", LogLimiter.dropped(7));
        assertEquals("", LogLimiter.dropped(0));
    }

    @Test
    void theNextWindowReportsTheDroppedCount() {
        LogLimiter limiter = new LogLimiter(1, 1);
        assertEquals(0, limiter.tryAcquire());
        assertEquals(-1, limiter.tryAcquire());
        long deadline = System.nanoTime() + 1_000_000_000L;
        long result;
        do {
            result = limiter.tryAcquire();
        } while (result == -1 && System.nanoTime() < deadline);
        org.junit.jupiter.api.Assertions.assertTrue(result >= 1, "dropped lines reported: " + result);
    }
}
