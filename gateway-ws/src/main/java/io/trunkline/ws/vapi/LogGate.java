package io.trunkline.ws.vapi;

/**
 * Lets through at most a few log lines per interval, so that a Vapi outage (every call failing the same way) does
 * not flood the log. Thread-safe.
 */
final class LogGate {

    private final long intervalNanos;
    private final int perInterval;
    private long windowStart;
    private int used;
    private long suppressed;

    LogGate(long intervalMillis, int perInterval) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.perInterval = perInterval;
        this.windowStart = System.nanoTime() - intervalNanos;
    }

    /** -1 when the line must be dropped, else the number of lines dropped since the last one let through. */
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

    /** A suffix for the line let through, saying how many similar ones were dropped before it. */
    static String dropped(long count) {
        return count > 0 ? " (" + count + " similar lines dropped)" : "";
    }
}
