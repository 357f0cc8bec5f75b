package io.trunkline.sip.stack;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets at most {@code burst} log lines through per window and counts the rest, so that a flood of bad packets
 * cannot flood the log. Lock-free; safe from any thread.
 */
public final class LogRateLimiter {
    private final int burst;
    private final long windowNanos;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public LogRateLimiter(int burst, long windowMillis) {
        if (burst < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("burst and windowMillis must be positive");
        }
        this.burst = burst;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Whether one more line may be logged now; a refused line is counted as suppressed. */
    public boolean tryAcquire() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() <= burst) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    /** Lines refused since the last call, to report alongside the next line that gets through. */
    public long takeSuppressed() {
        return suppressed.getAndSet(0);
    }
}
