package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarningLimiterTest {

    @Test
    void firstOccurrenceThenAtMostOncePerInterval() {
        WarningLimiter limiter = new WarningLimiter(10);
        assertTrue(limiter.tryWarn(-5), "the first one always passes, whatever the clock reads");
        assertFalse(limiter.tryWarn(-4));
        assertFalse(limiter.tryWarn(4));
        assertTrue(limiter.tryWarn(5));
        assertFalse(limiter.tryWarn(14));
        assertTrue(limiter.tryWarn(100));
    }
}
