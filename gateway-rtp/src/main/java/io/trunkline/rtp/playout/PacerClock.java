package io.trunkline.rtp.playout;

import io.trunkline.core.loop.CallLoop;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One timer for all the pacers of one event loop. Every pacer's timeline starts on a shared 1 ms grid
 * ({@link #alignUp(long)}), and since the packet period is a whole number of grid steps, every deadline stays on
 * the grid: the loop wakes at most once per millisecond for all its calls together, instead of once per packet of
 * each call, and no packet is sent later than its own deadline because of the grouping.
 *
 * <p>Confined to its loop: {@link #add}, {@link #remove}, {@link #retain} and {@link #release} must be called
 * there. A pacer whose deadline is off the grid (a timeline that skipped ahead) is woken at the next grid step.
 *
 * <p>The engine keeps one clock per event loop while that loop has calls: each leg {@link #retain retains} its
 * loop's clock when it opens and {@link #release releases} it when it closes; the last release tells the owner
 * (which forgets the clock), so a loop without calls holds no clock.
 */
public final class PacerClock implements Runnable {

    /** The grid every pacer deadline is rounded up to. */
    static final long GRID_NANOS = 1_000_000L;

    /** What the clock drives. */
    interface Paced {
        /**
         * Sends what is due at {@code nowNanos}.
         *
         * @return the next deadline, or {@link Long#MIN_VALUE} when this pacer has stopped
         */
        long fire(long nowNanos);
    }

    private final CallLoop loop;
    private final LongSupplier nanoClock;
    private final Runnable onUnused;
    private int users;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final ArrayList<Entry> due = new ArrayList<>();
    private CallLoop.Cancellable armed;
    private long armedAt = Long.MAX_VALUE;

    PacerClock(CallLoop loop, LongSupplier nanoClock) {
        this(loop, nanoClock, () -> { });
    }

    /** A clock that runs {@code onUnused} when its last user {@link #release releases} it. */
    public PacerClock(CallLoop loop, LongSupplier nanoClock, Runnable onUnused) {
        this.loop = loop;
        this.nanoClock = nanoClock;
        this.onUnused = onUnused;
    }

    /** One more leg uses this clock. */
    public PacerClock retain() {
        users++;
        return this;
    }

    /** One leg no longer uses this clock; after the last, the owner is told and the clock stops. */
    public void release() {
        if (users > 0 && --users == 0) {
            entries.clear();
            if (armed != null) {
                armed.cancel();
                armed = null;
                armedAt = Long.MAX_VALUE;
            }
            onUnused.run();
        }
    }

    /** Legs using this clock. */
    int users() {
        return users;
    }

    /** {@code nanos} rounded up to the grid. */
    static long alignUp(long nanos) {
        return -Math.floorDiv(-nanos, GRID_NANOS) * GRID_NANOS;
    }

    long now() {
        return nanoClock.getAsLong();
    }

    /** Wakes {@code paced} at {@code deadline} (rounded up to the grid). */
    void add(Paced paced, long deadline) {
        Entry entry = new Entry(paced, alignUp(deadline));
        entries.add(entry);
        arm(entry.wakeAt);
    }

    /** Forgets {@code paced}; a no-op when it is not waiting. */
    void remove(Paced paced) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).paced == paced) {
                removeAt(entries, i);
            }
        }
    }

    /** Pacers waiting. */
    int size() {
        return entries.size();
    }

    @Override
    public void run() {
        armed = null;
        armedAt = Long.MAX_VALUE;
        long now = nanoClock.getAsLong();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (entry.wakeAt <= now) {
                due.add(entry);
                removeAt(entries, i);
            }
        }
        for (int i = due.size() - 1; i >= 0; i--) {
            Entry entry = due.get(i);
            long next = entry.paced.fire(now);
            if (next != Long.MIN_VALUE) {
                entry.wakeAt = alignUp(next);
                entries.add(entry);
            }
        }
        due.clear();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < entries.size(); i++) {
            earliest = Math.min(earliest, entries.get(i).wakeAt);
        }
        if (earliest != Long.MAX_VALUE) {
            arm(earliest);
        }
    }

    private void arm(long wakeAt) {
        if (wakeAt >= armedAt) {
            return;
        }
        if (armed != null) {
            armed.cancel();
        }
        armedAt = wakeAt;
        armed = loop.schedule(this, Math.max(0, wakeAt - nanoClock.getAsLong()), TimeUnit.NANOSECONDS);
    }

    /** Removes by moving the last element into the hole: order is not kept, and no copying is done. */
    private static void removeAt(ArrayList<Entry> list, int index) {
        int last = list.size() - 1;
        list.set(index, list.get(last));
        list.remove(last);
    }

    /** A waiting pacer; reused from one wake-up to the next. */
    private static final class Entry {
        final Paced paced;
        long wakeAt;

        Entry(Paced paced, long wakeAt) {
            this.paced = paced;
            this.wakeAt = wakeAt;
        }
    }
}
