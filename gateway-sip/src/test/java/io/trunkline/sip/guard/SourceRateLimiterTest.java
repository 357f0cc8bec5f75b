package io.trunkline.sip.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.rate.TokenBucket;
import io.trunkline.sip.sdp.IpLiteral;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text);
    }

    @Test
    void bucketAllowsTheBurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.tryTake(0), "burst " + i);
        }
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(99_999_999L), "0.99 of a token after 99.9 ms at 10/s");
        assertTrue(bucket.tryTake(100_000_000L), "one token after 100 ms at 10/s");
        assertFalse(bucket.tryTake(100_000_000L));
        assertTrue(bucket.tryTake(10_000_000_000L));
        assertEquals(4.0, bucket.tokens(), 1e-9, "refill stops at the burst");
    }

    @Test
    void clockGoingBackwardsAddsNoTokens() {
        TokenBucket bucket = new TokenBucket(1000, 1, 5_000_000_000L);
        assertTrue(bucket.tryTake(5_000_000_000L));
        assertFalse(bucket.tryTake(1_000_000_000L));
        assertFalse(bucket.tryTake(5_000_000_000L));
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire(ip("203.0.113.1")));
        }
        assertFalse(limiter.tryAcquire(ip("203.0.113.1")));
        assertTrue(limiter.tryAcquire(ip("203.0.113.2")), "another source is not affected");
        assertTrue(limiter.tryAcquire(ip("2001:db8::1")));
        now.addAndGet(1_000_000_000L);
        assertTrue(limiter.tryAcquire(ip("203.0.113.1")), "refilled after one second");
        assertFalse(limiter.tryAcquire(ip("203.0.113.1")));
    }

    @Test
    void manySourcesNeverGrowTheTableBeyondItsBound() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 64, now::get);
        assertTrue(limiter.tryAcquire(ip("198.51.100.1")));
        assertFalse(limiter.tryAcquire(ip("198.51.100.1")));
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire(ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
            assertTrue(limiter.trackedSources() <= 64);
        }
        assertEquals(64, limiter.trackedSources());
        assertTrue(limiter.tryAcquire(ip("198.51.100.1")), "an evicted source starts with a full bucket");
    }

    @Test
    void recentlySeenSourcesSurviveEviction() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 2, 3, now::get);
        InetAddress busy = ip("192.0.2.1");
        assertTrue(limiter.tryAcquire(busy));
        for (int i = 2; i < 10; i++) {
            limiter.tryAcquire(ip("192.0.2." + i));
            limiter.tryAcquire(busy);
        }
        // busy was touched between every newcomer, so it stayed and its bucket stayed empty
        assertFalse(limiter.tryAcquire(busy));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SourceRateLimiter(0, 1, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new SourceRateLimiter(1, 0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new SourceRateLimiter(1, 1, 0, now::get));
    }
}
