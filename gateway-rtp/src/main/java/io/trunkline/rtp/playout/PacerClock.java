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
 * <p>The waiting pacers sit on a wheel of {@link #SLOTS} slots, one per grid step: a wake-up looks only at the
 * slots of the steps that passed since the last one, so its cost follows the pacers that are due (a twentieth of
 * the loop's calls at 20 ms packets), not all the calls of the loop. A deadline further ahead than the wheel's
 * span waits in its slot for the turns in between.
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

    /** Grid steps on the wheel: more than the longest packet period, so a pacer's next deadline is one turn away. */
    static final int SLOTS = 64;

    private static final int SLOT_MASK = SLOTS - 1;

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
    private final ArrayList<Entry>[] wheel;
    private final ArrayList<Entry> due = new ArrayList<>();
    private int size;
    /** The grid step up to which every slot has been looked at; each waiting entry's step is after it. */
    private long swept = Long.MIN_VALUE;
    private CallLoop.Cancellable armed;
    private long armedAt = Long.MAX_VALUE;

    PacerClock(CallLoop loop, LongSupplier nanoClock) {
        this(loop, nanoClock, () -> { });
    }

    /** A clock that runs {@code onUnused} when its last user {@link #release releases} it. */
    @SuppressWarnings("unchecked")
    public PacerClock(CallLoop loop, LongSupplier nanoClock, Runnable onUnused) {
        this.loop = loop;
        this.nanoClock = nanoClock;
        this.onUnused = onUnused;
        this.wheel = new ArrayList[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            wheel[i] = new ArrayList<>();
        }
    }

    /** One more leg uses this clock. */
    public PacerClock retain() {
        users++;
        return this;
    }

    /** One leg no longer uses this clock; after the last, the owner is told and the clock stops. */
    public void release() {
        if (users > 0 && --users == 0) {
            for (ArrayList<Entry> slot : wheel) {
                slot.clear();
            }
            size = 0;
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
        insert(entry);
        arm(entry.step * GRID_NANOS);
    }

    /** Forgets {@code paced}; a no-op when it is not waiting. */
    void remove(Paced paced) {
        for (ArrayList<Entry> slot : wheel) {
            for (int i = slot.size() - 1; i >= 0; i--) {
                if (slot.get(i).paced == paced) {
                    removeAt(slot, i);
                    size--;
                }
            }
        }
    }

    /** Pacers waiting. */
    int size() {
        return size;
    }

    @Override
    public void run() {
        armed = null;
        armedAt = Long.MAX_VALUE;
        long now = nanoClock.getAsLong();
        long nowStep = Math.floorDiv(now, GRID_NANOS);
        if (nowStep > swept) {
            // After a whole turn or more, every slot is looked at once.
            long first = swept < nowStep - SLOTS ? nowStep - SLOTS + 1 : swept + 1;
            for (long step = first; step <= nowStep; step++) {
                collectDue(wheel[(int) (step & SLOT_MASK)], now);
            }
            swept = nowStep;
        }
        for (int i = due.size() - 1; i >= 0; i--) {
            Entry entry = due.get(i);
            long next = entry.paced.fire(now);
            if (next != Long.MIN_VALUE) {
                entry.wakeAt = alignUp(next);
                insert(entry);
            }
        }
        due.clear();
        long earliest = earliestStep();
        if (earliest != Long.MAX_VALUE) {
            arm(earliest * GRID_NANOS);
        }
    }

    /** Moves the entries of {@code slot} that are due at {@code now} to {@link #due}. */
    private void collectDue(ArrayList<Entry> slot, long now) {
        for (int i = slot.size() - 1; i >= 0; i--) {
            Entry entry = slot.get(i);
            if (entry.wakeAt <= now) {
                due.add(entry);
                removeAt(slot, i);
                size--;
            }
        }
    }

    /** Puts {@code entry} in the slot of its deadline's step, or of the next step not yet looked at. */
    private void insert(Entry entry) {
        entry.step = Math.max(Math.floorDiv(entry.wakeAt, GRID_NANOS), swept + 1);
        wheel[(int) (entry.step & SLOT_MASK)].add(entry);
        size++;
    }

    /** The earliest step any entry waits for, or {@link Long#MAX_VALUE} when none waits. */
    private long earliestStep() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long earliest = Long.MAX_VALUE;
        for (long step = swept + 1; step <= swept + SLOTS; step++) {
            ArrayList<Entry> slot = wheel[(int) (step & SLOT_MASK)];
            for (int i = 0; i < slot.size(); i++) {
                earliest = Math.min(earliest, slot.get(i).step);
            }
            if (earliest == step) {
                return earliest;
            }
        }
        return earliest;
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
        /** The grid step whose slot holds this entry. */
        long step;

        Entry(Paced paced, long wakeAt) {
            this.paced = paced;
            this.wakeAt = wakeAt;
        }
    }
}
