package io.trunkline.bench.load.call;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One direction of one call's coded frames: when each was sent (written by the sending thread) and which arrived
 * (kept by the receiving thread). Frames carry only the low 16 bits of their index; the receiver widens them
 * against the last index it saw, which is exact as long as frames are not reordered by more than 32768.
 */
public final class FrameTrack {

    /** Send times kept: 4096 frames (82 s) back, far more than any frame can be delayed. */
    private static final int RING = 4096;
    private static final int MASK = RING - 1;

    private final AtomicLongArray sentAt = new AtomicLongArray(RING);
    private final BitSet received;
    private final int capacity;
    /** Frames sent so far; written by the sender only. */
    private volatile int sent;

    // Receiver side, one thread.
    private int lastIndex = -1;
    private long receivedUnique;
    private long duplicates;
    private long invalid;
    private long unexpected;
    private long latencyCount;
    private long latencySum;
    private long latencyMax;

    /** @param capacity the most frames this call can send (beyond it, frames are not tracked) */
    public FrameTrack(int capacity) {
        this.capacity = capacity;
        this.received = new BitSet(capacity);
    }

    /** The index the next frame gets; sender thread. */
    public int nextIndex() {
        return sent;
    }

    /** Whether another frame may be sent. */
    public boolean hasRoom() {
        return sent < capacity;
    }

    /** Whether {@code frames} more frames may be sent. */
    public boolean hasRoom(int frames) {
        return capacity - sent >= frames;
    }

    /** Frame {@code index} (which must be {@link #nextIndex()}) was handed to the socket at {@code nanos}. */
    public void sent(int index, long nanos) {
        sentAt.set(index & MASK, nanos);
        sent = index + 1;
    }

    /** When frame {@code index} was sent (its due time), or -1 when it was not sent or is too far back. */
    public long sentAt(int index) {
        int sentSoFar = sent;
        return index < 0 || index >= sentSoFar || index < sentSoFar - RING ? -1 : sentAt.get(index & MASK);
    }

    public int sentCount() {
        return sent;
    }

    /**
     * A frame carrying {@code id16} arrived; receiver thread.
     *
     * @return its send time, or -1 when it is a duplicate or names a frame never sent
     */
    public long received(int id16) {
        int delta = (short) (id16 - ((lastIndex + 1) & 0xffff));
        int index = lastIndex + 1 + delta;
        if (index < 0 || index >= sent) {
            unexpected++;
            return -1;
        }
        if (received.get(index)) {
            duplicates++;
            return -1;
        }
        received.set(index);
        receivedUnique++;
        if (index > lastIndex) {
            lastIndex = index;
        }
        return sentAt.get(index & MASK);
    }

    /** A measured latency of this call (receiver thread): kept as a mean and maximum per call. */
    public void latency(long nanos) {
        latencyCount++;
        latencySum += nanos;
        latencyMax = Math.max(latencyMax, nanos);
    }

    /** Mean of the measured latencies in ms, or -1. */
    public double latencyMeanMs() {
        return latencyCount == 0 ? -1 : latencySum / (double) latencyCount / 1e6;
    }

    public double latencyMaxMs() {
        return latencyMax / 1e6;
    }

    /** A frame arrived that carried no readable id (neither silence nor a coded frame). */
    public void undecodable() {
        invalid++;
    }

    public long receivedUnique() {
        return receivedUnique;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Frames that carried no readable id. */
    public long undecodableCount() {
        return invalid;
    }

    public long unexpected() {
        return unexpected;
    }

    /** Frames sent and never received (read once both sides are quiet). */
    public long lost() {
        return Math.max(0, sent - receivedUnique);
    }
}
