package io.trunkline.core.record;

/**
 * Statistics of one RTP stream (one direction). Jitter is in milliseconds (RFC 3550 interarrival jitter converted
 * from timestamp units).
 *
 * @param packets       packets received (inbound) or sent (outbound)
 * @param bytes         payload bytes
 * @param lost          cumulative packets lost (RFC 3550 A.3; may be negative with duplicates)
 * @param lossFraction  lost / expected, 0..1
 * @param jitterMeanMs  mean of the jitter estimate over the call
 * @param jitterMaxMs   largest jitter estimate seen
 * @param outOfOrder    packets that arrived after a later one
 * @param duplicates    packets whose sequence number had already been received
 * @param ssrcChanges   times the sender's SSRC changed
 */
public record RtpStreamStats(
        long packets,
        long bytes,
        long lost,
        double lossFraction,
        double jitterMeanMs,
        double jitterMaxMs,
        long outOfOrder,
        long duplicates,
        long ssrcChanges) {

    public static final RtpStreamStats EMPTY = new RtpStreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A stream where only counts are known (what we sent). */
    public static RtpStreamStats sent(long packets, long bytes) {
        return new RtpStreamStats(packets, bytes, 0, 0, 0, 0, 0, 0, 0);
    }
}
