package io.trunkline.core.loop;

/**
 * How late one event loop runs its tasks, smoothed: a periodic probe on the loop calls {@link #tick(long)} each time
 * it runs, and the lateness of each run over the expected period feeds an exponentially weighted average with a
 * time constant of {@link #TIME_CONSTANT_NANOS}. One stall (a long compilation, a neighbour stealing the CPU for
 * 50 ms) barely moves it; a loop that stays late for a second or more, which is what degrades every call on it,
 * does. A probe that is overdue right now counts as if it had just run, so a loop that is stuck shows up before
 * its probe gets to run again. One writer (the loop itself), any number of readers; nothing is allocated per tick.
 *
 * <p>The average is what the lag gauge shows. The overload guard acts on {@link #sustainedLagNanos} instead: a
 * single stall of 300 ms pulls the average above a 20 ms limit for more than a second, which after a start would
 * refuse the first callers for nothing.
 */
public final class LoopLag {
    /** How fast the average follows the lateness: after this long, 63 % of a change is seen. */
    public static final long TIME_CONSTANT_NANOS = 1_000_000_000L;

    private final long periodNanos;
    private volatile long lastTickNanos;
    private volatile long averageNanos;
    private final LatenessWindow window;

    /** @param periodNanos the probe's delay between runs; {@code startNanos} when it was first scheduled */
    public LoopLag(long periodNanos, long startNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("periodNanos must be positive");
        }
        this.periodNanos = periodNanos;
        this.lastTickNanos = startNanos;
        this.window = new LatenessWindow(startNanos);
    }

    /** The probe ran at {@code nowNanos}; only the loop calls this. */
    public void tick(long nowNanos) {
        window.record(lastTickNanos + periodNanos, nowNanos);
        averageNanos = averageAt(nowNanos, lastTickNanos, averageNanos);
        lastTickNanos = nowNanos;
    }

    /** The smoothed lateness at {@code nowNanos}, the overdue probe included, from any thread. */
    public long lagNanos(long nowNanos) {
        long last = lastTickNanos;
        long average = averageNanos;
        return nowNanos - last > periodNanos ? averageAt(nowNanos, last, average) : average;
    }

    /**
     * How late the loop has been most of the last second: the lateness its probe reached in at least 8 of the last
     * 10 tenths of a second (see {@link LatenessWindow}), the overdue probe included, from any thread.
     */
    public long sustainedLagNanos(long nowNanos) {
        return window.sustainedNanos(nowNanos, lastTickNanos + periodNanos);
    }

    private long averageAt(long nowNanos, long lastNanos, long average) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        long late = Math.max(0, elapsed - periodNanos);
        double weight = 1 - Math.exp(-(double) elapsed / TIME_CONSTANT_NANOS);
        return Math.round(average + weight * (late - average));
    }
}
