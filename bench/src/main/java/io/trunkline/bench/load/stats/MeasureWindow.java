package io.trunkline.bench.load.stats;

/**
 * The steady-state stretch of a run (all calls up, ramp effects settled, before teardown) over which latency and
 * CPU are measured. Set by the run's main thread, read by the loops.
 */
public final class MeasureWindow {

    private volatile long startNanos = Long.MAX_VALUE;
    private volatile long endNanos = Long.MAX_VALUE;

    public void open(long nanos) {
        startNanos = nanos;
    }

    public void close(long nanos) {
        endNanos = nanos;
    }

    /** Whether an event at {@code nanos} falls inside the window. */
    public boolean contains(long nanos) {
        return nanos >= startNanos && nanos < endNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }
}
