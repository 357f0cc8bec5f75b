package io.trunkline.rtp.engine;

/**
 * Lets a warning about bad network input through the first time and then at most once per interval, so a flood
 * of bad packets cannot flood the log. The callers' messages carry the running count of what they dropped.
 */
final class WarningLimiter {

    /** The default interval between two warnings of one kind on one leg. */
    static final long DEFAULT_INTERVAL_NANOS = 10_000_000_000L;

    private final long intervalNanos;
    private boolean warned;
    private long lastNanos;

    WarningLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether to log now; a true answer counts as logged. */
    boolean tryWarn(long nowNanos) {
        if (warned && nowNanos - lastNanos < intervalNanos) {
            return false;
        }
        warned = true;
        lastNanos = nowNanos;
        return true;
    }
}
