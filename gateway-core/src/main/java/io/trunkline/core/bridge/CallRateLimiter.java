package io.trunkline.core.bridge;

import io.trunkline.core.rate.TokenBucket;
import java.util.function.LongSupplier;

/**
 * A token bucket for new calls: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Each admitted
 * INVITE takes one; without a token the INVITE is refused. Taken on SIP listener threads: the lock is held for a
 * few arithmetic operations only.
 */
final class CallRateLimiter {
    private final LongSupplier nanoClock;
    private final TokenBucket bucket;

    CallRateLimiter(int ratePerSecond, int burst, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(ratePerSecond, burst, nanoClock.getAsLong());
    }

    /** Takes one token; false when the bucket is empty (the call is refused). */
    synchronized boolean tryAcquire() {
        return bucket.tryTake(nanoClock.getAsLong());
    }
}
