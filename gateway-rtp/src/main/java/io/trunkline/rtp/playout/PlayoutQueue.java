package io.trunkline.rtp.playout;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The bounded byte queue of carrier-codec audio waiting for the pacer. A ring buffer that starts small (so idle
 * calls stay small) and doubles on demand up to a hard cap; what does not fit under the cap is refused (and
 * reported as a drop by the encoder). Positions are counted in bytes since the leg started, so a mark placed at the
 * current tail is reached when the pacer has read past it, and then reported, by name, to the mark listener.
 *
 * <p>Single-threaded: used only on the call's loop.
 */
public final class PlayoutQueue {

    private record Mark(long position, String name) {
    }

    private final int maxBytes;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private final Consumer<String> marksPlayed;
    private byte[] ring;
    private int head;
    private int size;
    private long readPosition;

    /**
     * @param initialBytes starting capacity
     * @param maxBytes     the most bytes ever queued
     * @param marksPlayed  told the name of each mark once the audio queued before it is read or cleared
     */
    public PlayoutQueue(int initialBytes, int maxBytes, Consumer<String> marksPlayed) {
        if (initialBytes < 1 || maxBytes < initialBytes) {
            throw new IllegalArgumentException("need 0 < initialBytes <= maxBytes: " + initialBytes + ", " + maxBytes);
        }
        this.ring = new byte[initialBytes];
        this.maxBytes = maxBytes;
        this.marksPlayed = marksPlayed;
    }

    /**
     * Appends as much of {@code src[off, off + len)} as fits under the cap.
     *
     * @return the bytes that did not fit (dropped; the caller reports them)
     */
    int offer(byte[] src, int off, int len) {
        int accepted = Math.min(len, maxBytes - size);
        int dropped = len - accepted;
        if (accepted == 0) {
            return dropped;
        }
        if (accepted > ring.length - size) {
            grow(size + accepted);
        }
        int tail = (head + size) % ring.length;
        int first = Math.min(accepted, ring.length - tail);
        System.arraycopy(src, off, ring, tail, first);
        System.arraycopy(src, off + first, ring, 0, accepted - first);
        size += accepted;
        return dropped;
    }

    /**
     * Moves up to {@code len} queued bytes into {@code dst}.
     *
     * @return bytes moved
     */
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size);
        if (n == 0) {
            return 0;
        }
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, dst, off, first);
        System.arraycopy(ring, 0, dst, off + first, n - first);
        head = (head + n) % ring.length;
        size -= n;
        readPosition += n;
        return n;
    }

    /** Drops everything queued and reports every pending mark, since nothing before them will be sent any more. */
    public void clear() {
        readPosition += size;
        head = 0;
        size = 0;
        reportReachedMarks();
    }

    /**
     * Places mark {@code name} behind the audio queued so far: it is reported once the pacer has read past it (see
     * {@link #reportReachedMarks()}) or the audio before it is cleared, and at once when nothing is queued.
     */
    public void mark(String name) {
        if (size == 0 && marks.isEmpty()) {
            marksPlayed.accept(name);
        } else {
            marks.add(new Mark(writePosition(), name));
        }
    }

    /** Reports the marks whose position has been read. Called by the pacer after each packet it sent. */
    void reportReachedMarks() {
        Mark mark;
        // Poll one at a time: the listener may queue audio, add marks or clear the queue while this loop runs.
        while ((mark = marks.peek()) != null && mark.position() <= readPosition) {
            marks.poll();
            marksPlayed.accept(mark.name());
        }
    }

    /** Empties the queue and forgets its memory and pending marks (the leg is closing; nobody waits for them). */
    public void release() {
        readPosition += size;
        head = 0;
        size = 0;
        marks.clear();
        ring = new byte[0];
    }

    /** Bytes queued. */
    public int size() {
        return size;
    }

    /** Bytes ever appended (accepted), i.e. the position of the tail. */
    long writePosition() {
        return readPosition + size;
    }

    /** Bytes ever read or cleared, i.e. the position of the head. */
    long readPosition() {
        return readPosition;
    }

    /** The current capacity of the ring (grows on demand up to the cap). */
    int capacity() {
        return ring.length;
    }

    private void grow(int needed) {
        int capacity = Math.max(ring.length, 1);
        while (capacity < needed) {
            capacity = (int) Math.min((long) capacity * 2, maxBytes);
        }
        byte[] bigger = new byte[capacity];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, size - first);
        ring = bigger;
        head = 0;
    }
}
