package io.trunkline.core.log;

/**
 * Lets through at most {@code perInterval} log lines per interval and counts the rest, so that a flood of bad
 * input (packets, requests, a failing agent platform) cannot flood the log. The line that gets through says how
 * many were dropped before it. Thread-safe; meant for rare paths, not per packet.
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final int perInterval;
    private long windowStart;
    private int used;
    private long suppressed;

    public LogLimiter(long intervalMillis, int perInterval) {
        if (intervalMillis < 1 || perInterval < 1) {
            throw new IllegalArgumentException("intervalMillis and perInterval must be positive");
        }
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.perInterval = perInterval;
        this.windowStart = System.nanoTime() - intervalNanos;
    }

    /**
     * Whether one more line may be logged now.
     *
     * @return -1 when the line must be dropped, else the number of lines dropped since the last one let through
     */
    public synchronized long tryAcquire() {
        long now = System.nanoTime();
        if (now - windowStart >= intervalNanos) {
            windowStart = now;
            used = 0;
        }
        if (used >= perInterval) {
            suppressed++;
            return -1;
        }
        used++;
        long dropped = suppressed;
        suppressed = 0;
        return dropped;
    }

    /** A suffix for the line let through: {@code " (3 similar lines dropped)"}, or empty. */
    public static String dropped(long count) {
        return count > 0 ? " (" + count + " similar lines dropped)" : "";
    }
}
