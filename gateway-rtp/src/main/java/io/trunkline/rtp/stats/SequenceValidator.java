package io.trunkline.rtp.stats;

/**
 * RFC 3550 A.1 sequence-number validation (probation, MAX_DROPOUT, MAX_MISORDER, re-synchronisation after a large
 * jump) and A.3 expected/received accounting for one source. The stretch of packets counted from one base sequence
 * is a <em>segment</em>; a re-sync or a broken probation folds the segment into call totals and starts a new one.
 *
 * <p>Deviations from A.1: the packets seen during probation are counted (A.1 counts from the last probation
 * packet), so that every packet the media path forwarded appears in the statistics; and a held jump is confirmed
 * only by its immediate successor (A.1 keeps waiting for it across later in-order packets).
 */
final class SequenceValidator {

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    static final int MIN_SEQUENTIAL = 2;
    static final int SEQ_MOD = 1 << 16;

    /** How {@link #update} classified a packet. */
    enum Verdict {
        /** Newer than the highest so far; counted. */
        ADVANCED,
        /** Older than the highest, within MAX_MISORDER; counted (A.1 does). */
        LATE,
        /** Older than the highest while still on probation; not counted. */
        STALE,
        /** A jump beyond MAX_DROPOUT, held until the next packet confirms it; not counted. */
        HELD,
        /** The packet right after a held jump: a new segment starts with it. */
        RESYNC
    }

    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long foldedExpected;
    private long foldedReceived;

    /** The first packet of a new source: it starts a segment on probation and is counted. */
    void startSource(int seq) {
        fold();
        startSegment(seq);
        probation = MIN_SEQUENTIAL - 1;
    }

    Verdict update(int seq) {
        if (probation > 0) {
            return onProbation(seq);
        }
        int udelta = (seq - maxSeq) & 0xffff;
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
            received++;
            // A jump is confirmed only by its immediate successor; in-order packets in between cancel it.
            badSeq = SEQ_MOD + 1;
            return Verdict.ADVANCED;
        }
        if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                fold();
                startSegment(seq);
                return Verdict.RESYNC;
            }
            badSeq = (seq + 1) & 0xffff;
            return Verdict.HELD;
        }
        received++;
        return Verdict.LATE;
    }

    private Verdict onProbation(int seq) {
        if (seq == ((maxSeq + 1) & 0xffff)) {
            probation--;
            maxSeq = seq;
            received++;
            return Verdict.ADVANCED;
        }
        int behind = (maxSeq - seq) & 0xffff;
        if (behind > 0 && behind <= MAX_MISORDER) {
            return Verdict.STALE;
        }
        // Not sequential, and not just late: probation starts over from this packet (RFC 3550 A.1), so that one
        // stray packet far ahead cannot make the source's real packets look stale; the abandoned run counts as
        // received, not lost.
        fold();
        startSegment(seq);
        probation = MIN_SEQUENTIAL - 1;
        return Verdict.ADVANCED;
    }

    /** A.3 fraction lost since the previous call, in 1/256 units (0..255). */
    int fractionLostSinceLastReport() {
        long expected = segmentExpected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** Packets lost in the current segment (the source's cumulative loss in RTCP). */
    long segmentLost() {
        return segmentExpected() - received;
    }

    long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    boolean onProbation() {
        return probation > 0;
    }

    long expected() {
        return foldedExpected + segmentExpected();
    }

    long received() {
        return foldedReceived + received;
    }

    private long segmentExpected() {
        return received == 0 ? 0 : cycles + maxSeq - baseSeq + 1;
    }

    private void fold() {
        if (onProbation()) {
            // An unconfirmed run: count what arrived, attribute no loss to it.
            foldedExpected += received;
        } else {
            foldedExpected += segmentExpected();
        }
        foldedReceived += received;
        received = 0;
    }

    private void startSegment(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        badSeq = SEQ_MOD + 1; // never equal to a 16-bit sequence number
        probation = 0;
        received = 1;
        expectedPrior = 0;
        receivedPrior = 0;
    }
}
