package io.trunkline.ws;

/**
 * Lets through at most a few log lines per interval, so that a misbehaving agent platform (or a flood of failing
 * calls) cannot flood the log. Thread-safe; shared by all legs of a connector.
 */
final class LogLimiter {

    private final long intervalNanos;
    private final int perInterval;
    private long windowStart;
    private int used;
    private long suppressed;

    LogLimiter(long intervalMillis, int perInterval) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.perInterval = perInterval;
        this.windowStart = System.nanoTime() - intervalNanos;
    }

    /**
     * Whether one more line may be logged now.
     *
     * @return -1 when the line must be dropped, else the number of lines dropped since the last one let through
     */
    synchronized long tryAcquire() {
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
}
