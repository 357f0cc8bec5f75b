package io.trunkline.rtp.playout;

/**
 * When each stretch of the playout queue arrived from the agent and when it was queued, by queue position, so the
 * pacer can tell how long a packet's audio waited and how long its conversion took. A ring of preallocated slots:
 * when it is full, the newest slot is stretched over further audio (keeping its earlier times, so waits are then
 * slightly overstated rather than lost). Single-threaded, on the call's loop.
 */
final class EnqueueTimeline {

    static final int SLOTS = 256;

    private final long[] endPosition = new long[SLOTS];
    private final long[] arrivedNanos = new long[SLOTS];
    private final long[] queuedNanos = new long[SLOTS];
    private int head;
    private int size;

    /** Audio that entered the leg at {@code arrivedNanos} is queued up to {@code endPosition} at {@code queuedNanos}. */
    void queued(long endPosition, long arrivedNanos, long queuedNanos) {
        if (size > 0 && endPosition <= this.endPosition[last()]) {
            return; // nothing accepted (the queue was full)
        }
        if (size == SLOTS) {
            this.endPosition[last()] = endPosition;
            return;
        }
        int slot = (head + size) % SLOTS;
        this.endPosition[slot] = endPosition;
        this.arrivedNanos[slot] = arrivedNanos;
        this.queuedNanos[slot] = queuedNanos;
        size++;
    }

    /**
     * Moves to the stretch holding queue position {@code position} (the first byte of the packet about to go out),
     * forgetting every stretch before it. Returns false when no stretch holds it.
     */
    boolean seek(long position) {
        while (size > 0 && endPosition[head] <= position) {
            head = (head + 1) % SLOTS;
            size--;
        }
        return size > 0;
    }

    /** After a successful {@link #seek}: when that audio entered the leg. */
    long arrivedNanos() {
        return arrivedNanos[head];
    }

    /** After a successful {@link #seek}: when that audio was in the queue. */
    long queuedNanos() {
        return queuedNanos[head];
    }

    int size() {
        return size;
    }

    private int last() {
        return (head + size - 1) % SLOTS;
    }
}
