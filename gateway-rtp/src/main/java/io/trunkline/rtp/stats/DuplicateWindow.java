package io.trunkline.rtp.stats;

/**
 * Remembers which of the last {@value #SIZE} sequence numbers below the highest one were received. RFC 3550's A.1
 * algorithm counts a duplicate as a received packet; this bitmap lets the receiver tell them apart.
 */
final class DuplicateWindow {

    /** Window size; larger than A.1's MAX_MISORDER so that every accepted late packet is covered. */
    static final int SIZE = 128;

    private boolean empty = true;
    private int highest;
    /** Bit i set: sequence {@code highest - i} was received (i in 0..63). */
    private long low;
    /** Bit i set: sequence {@code highest - 64 - i} was received. */
    private long high;

    void reset() {
        empty = true;
        low = 0;
        high = 0;
    }

    /** Whether {@code seq} was marked; sequence numbers above the highest or older than the window never were. */
    boolean contains(int seq) {
        if (empty) {
            return false;
        }
        int behind = (highest - seq) & 0xffff;
        if (behind >= SIZE) {
            return false;
        }
        return behind < 64 ? (low & (1L << behind)) != 0 : (high & (1L << (behind - 64))) != 0;
    }

    void mark(int seq) {
        if (empty) {
            empty = false;
            highest = seq;
            low = 1;
            high = 0;
            return;
        }
        int ahead = (seq - highest) & 0xffff;
        if (ahead != 0 && ahead < 0x8000) {
            shift(ahead);
            highest = seq;
            low |= 1;
            return;
        }
        int behind = (highest - seq) & 0xffff;
        if (behind < 64) {
            low |= 1L << behind;
        } else if (behind < SIZE) {
            high |= 1L << (behind - 64);
        }
    }

    private void shift(int n) {
        if (n >= SIZE) {
            low = 0;
            high = 0;
        } else if (n >= 64) {
            high = n == 64 ? low : low << (n - 64);
            low = 0;
        } else {
            high = (high << n) | (low >>> (64 - n));
            low <<= n;
        }
    }
}
