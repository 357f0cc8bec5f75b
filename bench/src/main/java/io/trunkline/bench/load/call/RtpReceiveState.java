package io.trunkline.bench.load.call;

/**
 * What the harness has seen of one call's RTP from the gateway: sequence continuity, the spacing of packets, and
 * the pacer's slot grid. The gateway paces on an absolute timeline (slot k due at start + k·20 ms, and the RTP
 * timestamp advances 160 per slot even across skipped slots), so the receive time of each packet minus
 * k·20 ms is that slot's lateness plus a constant; its running minimum over the call fixes the grid. A packet's
 * slot time is then the earliest it could have been received, and "receive time − slot time" is how late the
 * gateway sent it (timer wake-up, packet building, the send) plus the loopback and the harness's own read delay
 * above their minimum. Media loop only.
 */
public final class RtpReceiveState {

    public static final long PERIOD_NANOS = 20_000_000L;

    private boolean started;
    private int lastSequence;
    private long lastArrival;
    private long lastTimestamp;
    private long unwrappedTimestamp;
    private long phaseMin = Long.MAX_VALUE;
    private long slotTime;

    private long packets;
    private long sequenceGaps;
    private long reordered;
    private long silence;
    private long coded;

    /**
     * Accounts one packet received at {@code now}.
     *
     * @return the interval since the previous packet when it carried the previous sequence number, else -1
     */
    public long onPacket(int sequence, long timestamp, long now) {
        packets++;
        long interval = -1;
        if (!started) {
            started = true;
            lastTimestamp = timestamp;
            unwrappedTimestamp = 0;
        } else {
            int delta = (short) (sequence - lastSequence);
            if (delta == 1) {
                interval = now - lastArrival;
            } else if (delta > 1) {
                sequenceGaps += delta - 1;
            } else {
                reordered++;
                return -1;
            }
            unwrappedTimestamp += (int) (timestamp - lastTimestamp);
            lastTimestamp = timestamp;
        }
        lastSequence = sequence;
        lastArrival = now;
        long slot = Math.floorDiv(unwrappedTimestamp, 160);
        long offset = now - slot * PERIOD_NANOS;
        if (offset < phaseMin) {
            phaseMin = offset;
        }
        slotTime = phaseMin + slot * PERIOD_NANOS;
        return interval;
    }

    /** The slot time of the packet just accounted (see the class comment). */
    public long slotTime() {
        return slotTime;
    }

    public void silence() {
        silence++;
    }

    public void coded() {
        coded++;
    }

    public long packets() {
        return packets;
    }

    /** Sequence numbers skipped (packets the gateway numbered but the harness never got). */
    public long sequenceGaps() {
        return sequenceGaps;
    }

    public long reordered() {
        return reordered;
    }

    public long silencePackets() {
        return silence;
    }

    public long codedPackets() {
        return coded;
    }
}
