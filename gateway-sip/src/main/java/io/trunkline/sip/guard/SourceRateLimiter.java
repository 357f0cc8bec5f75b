package io.trunkline.sip.guard;

import io.trunkline.core.rate.TokenBucket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per source address, for at most {@code maxSources} addresses: when a new source
 * arrives and the table is full, the least recently seen source is forgotten. A flood from many (spoofed)
 * addresses therefore cannot grow memory; a forgotten source simply starts again with a full bucket.
 * Thread-safe; the critical section is a map lookup and a little arithmetic.
 */
public final class SourceRateLimiter {
    private final int ratePerSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<InetAddress, TokenBucket> buckets;

    /**
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public SourceRateLimiter(int ratePerSecond, int burst, int maxSources, LongSupplier nanoClock) {
        if (maxSources <= 0) {
            throw new IllegalArgumentException("maxSources must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(Math.min(maxSources, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
                return size() > maxSources;
            }
        };
        new TokenBucket(ratePerSecond, burst, 0); // validates rate and burst now rather than on first use
    }

    /** Whether one more request from {@code source} is within its rate; a null source shares one bucket. */
    public boolean tryAcquire(InetAddress source) {
        long now = nanoClock.getAsLong();
        synchronized (buckets) {
            TokenBucket bucket = buckets.get(source);
            if (bucket == null) {
                bucket = new TokenBucket(ratePerSecond, burst, now);
                buckets.put(source, bucket);
            }
            return bucket.tryTake(now);
        }
    }

    /** Sources currently tracked. */
    public int trackedSources() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
