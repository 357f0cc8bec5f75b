package io.trunkline.rtp.rtcp.packet;

/**
 * One reception report block (RFC 3550 §6.4.1), carried in SR and RR packets.
 *
 * @param ssrc                    the source this block reports on
 * @param fractionLost            packets lost since the previous report, as a fraction of 256 (0..255)
 * @param cumulativeLost          packets lost since the start, signed 24-bit (duplicates can make it negative)
 * @param extendedHighestSequence cycles of the sequence number in the high 16 bits, highest sequence in the low 16
 * @param jitter                  interarrival jitter in timestamp units
 * @param lastSr                  middle 32 bits of the NTP timestamp of the last SR received from the source, 0 if none
 * @param delaySinceLastSr        delay since that SR in units of 1/65536 s, 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                          long jitter, long lastSr, long delaySinceLastSr) {

    /** Bytes of one block on the wire. */
    public static final int BYTES = 24;
    /** Smallest value of the 24-bit signed cumulative-loss field. */
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;
    /** Largest value of the 24-bit signed cumulative-loss field. */
    public static final int MAX_CUMULATIVE_LOST = 0x7f_ffff;

    public ReportBlock {
        Unsigned.check32(ssrc, "ssrc");
        Unsigned.checkRange(fractionLost, 0, 255, "fractionLost");
        Unsigned.checkRange(cumulativeLost, MIN_CUMULATIVE_LOST, MAX_CUMULATIVE_LOST, "cumulativeLost");
        Unsigned.check32(extendedHighestSequence, "extendedHighestSequence");
        Unsigned.check32(jitter, "jitter");
        Unsigned.check32(lastSr, "lastSr");
        Unsigned.check32(delaySinceLastSr, "delaySinceLastSr");
    }

    /** Clamps a loss count into the 24-bit signed field, as RFC 3550 A.3 asks. */
    public static int clampCumulativeLost(long lost) {
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
    }

    /** {@link #fractionLost()} as a fraction 0..1. */
    public double fractionLostRatio() {
        return fractionLost / 256.0;
    }
}
