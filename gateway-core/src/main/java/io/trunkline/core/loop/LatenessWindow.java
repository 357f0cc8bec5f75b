package io.trunkline.core.loop;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late one event loop has been over the last second, tenth by tenth: for each 100 ms slot, the most its lag
 * probe was overdue at any moment of that slot. {@link #sustainedNanos} is the lateness the loop reached in at least
 * {@link #QUORUM} of the last {@link #SLOTS} completed slots, which is what tells overload from a stall: one stall
 * of a few hundred milliseconds (class loading and compilation after a start, a neighbour taking the CPU) fills a
 * few slots and reads as nothing; a loop that stays late, or is stuck, fills them all.
 *
 * <p>One writer (the loop, through {@link #record}), any number of readers; each slot is one packed long (slot
 * number and lateness), so a reader never pairs a new slot number with an old lateness. Nothing is allocated per
 * record.
 */
final class LatenessWindow {
    static final long SLOT_NANOS = 100_000_000L;
    static final int SLOTS = 10;
    static final int QUORUM = 8;
    private static final long SLOT_MASK = 0xFFFF_FFFFL;
    private static final long MAX_MICROS = 0xFFFF_FFFFL;

    private final long originNanos;
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    LatenessWindow(long originNanos) {
        this.originNanos = originNanos; // slots not written yet read as on time
    }

    /** The probe, due at {@code dueNanos}, ran at {@code ranNanos}; only the loop calls this. */
    void record(long dueNanos, long ranNanos) {
        long last = slotOf(ranNanos);
        long first = Math.max(slotOf(Math.min(dueNanos, ranNanos)), last - SLOTS);
        for (long slot = first; slot <= last; slot++) {
            long late = Math.max(0, Math.min(endOf(slot), ranNanos) - dueNanos);
            int i = index(slot);
            long current = slots.get(i);
            if (slotBits(current) == (slot & SLOT_MASK)) {
                late = Math.max(late, lateNanos(current));
            }
            slots.set(i, pack(slot, late));
        }
    }

    /**
     * The lateness reached in at least {@link #QUORUM} of the last {@link #SLOTS} completed slots at
     * {@code nowNanos}, counting a probe still pending since {@code dueNanos} as late from then on.
     */
    long sustainedNanos(long nowNanos, long dueNanos) {
        long current = slotOf(nowNanos);
        long[] late = new long[SLOTS];
        for (int k = 0; k < SLOTS; k++) {
            long slot = current - SLOTS + k;
            long packed = slots.get(index(slot));
            long recorded = slotBits(packed) == (slot & SLOT_MASK) ? lateNanos(packed) : 0;
            long overdue = Math.min(endOf(slot), nowNanos) - dueNanos;
            late[k] = Math.max(recorded, overdue);
        }
        Arrays.sort(late);
        return late[SLOTS - QUORUM];
    }

    private long slotOf(long nanos) {
        return Math.floorDiv(nanos - originNanos, SLOT_NANOS);
    }

    /** The last nanosecond of {@code slot}. */
    private long endOf(long slot) {
        return originNanos + (slot + 1) * SLOT_NANOS - 1;
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, SLOTS);
    }

    private static long pack(long slot, long lateNanos) {
        return (slot & SLOT_MASK) << 32 | Math.min(MAX_MICROS, lateNanos / 1000);
    }

    private static long slotBits(long packed) {
        return packed >>> 32;
    }

    private static long lateNanos(long packed) {
        return (packed & MAX_MICROS) * 1000;
    }
}
