package io.trunkline.core.rate;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code ratePerSecond}; each request takes one. Used
 * for the call rate and for each SIP source's request rate.
 * Time comes from the caller (monotonic nanoseconds), so tests drive it without sleeping. Not thread-safe: the
 * owner serialises access.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one; refills first for the time passed since the last call. */
    public boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    public double tokens() {
        return tokens;
    }
}
