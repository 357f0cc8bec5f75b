package io.trunkline.rtp.stats;

import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.rtp.rtcp.packet.ReportBlock;

/**
 * Receive statistics of one inbound RTP stream (RFC 3550): sequence validation and loss accounting (A.1, A.3),
 * interarrival jitter (A.8), plus duplicate, reordering and SSRC-change counts. One instance per media leg, used
 * from its event loop only (not thread-safe); {@link #onPacket} allocates nothing.
 *
 * <p>Totals ({@link #packetsReceived()}, {@link #expected()}, {@link #cumulativeLost()}, jitter mean and maximum)
 * cover the whole call across SSRC changes and re-syncs; {@link #nextReportBlock} and
 * {@link #extendedHighestSequence()} describe the current source, as RTCP wants.
 */
public final class ReceiveStatistics {

    private final SequenceValidator validator = new SequenceValidator();
    private final DuplicateWindow window = new DuplicateWindow();
    private final JitterEstimator jitter;
    private boolean hasSource;
    private long ssrc;
    private long bytes;
    private long duplicates;
    private long outOfOrder;
    private long held;
    private long ssrcChanges;

    /** @param clockRate RTP clock rate of the stream's payload (8000 for G.711) */
    public ReceiveStatistics(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0: " + clockRate);
        }
        this.jitter = new JitterEstimator(clockRate);
    }

    /**
     * Accounts for one received packet and says whether the media path should play it.
     *
     * @param ssrc          the packet's SSRC (unsigned 32-bit)
     * @param sequence      its sequence number, 0..65535 (higher bits are ignored)
     * @param rtpTimestamp  its RTP timestamp (unsigned 32-bit)
     * @param arrivalNanos  arrival time on a monotonic clock ({@link System#nanoTime()})
     * @param payloadBytes  payload size, counted in {@link #bytesReceived()}
     * @return where the packet falls; {@link PacketOrder#IN_ORDER} and {@link PacketOrder#RESTART} are to be played
     */
    public PacketOrder onPacket(long ssrc, int sequence, long rtpTimestamp, long arrivalNanos, int payloadBytes) {
        int seq = sequence & 0xffff;
        if (!hasSource || ssrc != this.ssrc) {
            if (hasSource) {
                ssrcChanges++;
            }
            hasSource = true;
            this.ssrc = ssrc;
            validator.startSource(seq);
            window.reset();
            jitter.restart();
            return accept(PacketOrder.RESTART, seq, rtpTimestamp, arrivalNanos, payloadBytes);
        }
        if (window.contains(seq)) {
            duplicates++;
            return PacketOrder.DUPLICATE;
        }
        switch (validator.update(seq)) {
            case ADVANCED:
                return accept(PacketOrder.IN_ORDER, seq, rtpTimestamp, arrivalNanos, payloadBytes);
            case LATE:
                outOfOrder++;
                return accept(PacketOrder.OUT_OF_ORDER, seq, rtpTimestamp, arrivalNanos, payloadBytes);
            case STALE:
                outOfOrder++;
                return PacketOrder.OUT_OF_ORDER;
            case HELD:
                held++;
                return PacketOrder.OUT_OF_ORDER;
            case RESYNC:
            default:
                window.reset();
                jitter.resetReference();
                return accept(PacketOrder.RESTART, seq, rtpTimestamp, arrivalNanos, payloadBytes);
        }
    }

    private PacketOrder accept(PacketOrder order, int seq, long rtpTimestamp, long arrivalNanos, int payloadBytes) {
        window.mark(seq);
        jitter.update(rtpTimestamp, arrivalNanos);
        bytes += payloadBytes;
        return order;
    }

    /** Packets counted as received over the call (duplicates and held-back jumps excluded). */
    public long packetsReceived() {
        return validator.received();
    }

    /** Payload bytes of the packets counted in {@link #packetsReceived()}. */
    public long bytesReceived() {
        return bytes;
    }

    /** Extended highest sequence number of the current source: sequence cycles * 65536 + highest sequence. */
    public long extendedHighestSequence() {
        return hasSource ? validator.extendedHighestSequence() : 0;
    }

    /** Packets expected over the call, from each segment's base to its extended highest sequence (A.3). */
    public long expected() {
        return validator.expected();
    }

    /** expected - received over the call; negative when late duplicates slipped past the duplicate window. */
    public long cumulativeLost() {
        return expected() - packetsReceived();
    }

    /** Lost / expected over the call, clamped to 0..1. */
    public double lossFraction() {
        long expected = expected();
        if (expected <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, cumulativeLost() / (double) expected));
    }

    /** Current interarrival jitter estimate in timestamp units, as a report block carries it. */
    public long jitterTimestampUnits() {
        return (long) jitter.units();
    }

    /** Current interarrival jitter estimate in milliseconds. */
    public double jitterMillis() {
        return jitter.millis();
    }

    /** Mean of the jitter estimate over every update during the call, in milliseconds. */
    public double jitterMeanMillis() {
        return jitter.meanMillis();
    }

    /** Largest jitter estimate seen during the call, in milliseconds. */
    public double jitterMaxMillis() {
        return jitter.maxMillis();
    }

    /** Packets dropped as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets that arrived after a later one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Packets held back because they jumped beyond MAX_DROPOUT and no sequential packet confirmed the jump. */
    public long heldBack() {
        return held;
    }

    /** Times the SSRC changed after the first packet. */
    public long ssrcChanges() {
        return ssrcChanges;
    }

    /** The current SSRC; 0 before the first packet. */
    public long ssrc() {
        return ssrc;
    }

    /**
     * The reception report block for the current source (RFC 3550 §6.4.1), with the fraction lost since the previous
     * call of this method (A.3).
     *
     * @param lastSr           middle 32 bits of the NTP timestamp of the last SR from this source, 0 if none
     * @param delaySinceLastSr time since that SR arrived, in 1/65536 s, 0 if none
     * @return the block, or {@code null} before the first packet (an RR then carries no block)
     */
    public ReportBlock nextReportBlock(long lastSr, long delaySinceLastSr) {
        if (!hasSource) {
            return null;
        }
        int fraction = validator.fractionLostSinceLastReport();
        return new ReportBlock(ssrc, fraction, ReportBlock.clampCumulativeLost(validator.segmentLost()),
                validator.extendedHighestSequence() & 0xffff_ffffL, Math.min(jitterTimestampUnits(), 0xffff_ffffL),
                lastSr, delaySinceLastSr);
    }

    /** The call-level figures for the call record and metrics. */
    public RtpStreamStats snapshot() {
        return new RtpStreamStats(packetsReceived(), bytesReceived(), cumulativeLost(), lossFraction(),
                jitterMeanMillis(), jitterMaxMillis(), outOfOrder, duplicates, ssrcChanges);
    }

    @Override
    public String toString() {
        return "ReceiveStatistics[ssrc=" + ssrc + ", received=" + packetsReceived() + ", expected=" + expected()
                + ", duplicates=" + duplicates + ", outOfOrder=" + outOfOrder + ", jitterMs=" + jitterMillis() + "]";
    }
}
