package io.trunkline.core.media;

import io.trunkline.core.record.RtpStreamStats;

/**
 * Both directions of a media leg.
 *
 * @param inbound         what the carrier sent us, measured here (RFC 3550 receive statistics)
 * @param outbound        what we sent the carrier (packets and bytes; loss and jitter only once the far end's
 *                        RTCP reports arrive)
 * @param droppedBySource packets from an address other than the negotiated or latched one
 * @param malformed       packets that did not parse
 * @param playoutDroppedBytes agent audio that did not fit in the playout queue
 */
public record MediaStats(
        RtpStreamStats inbound,
        RtpStreamStats outbound,
        long droppedBySource,
        long malformed,
        long playoutDroppedBytes) {

    public static final MediaStats EMPTY =
            new MediaStats(RtpStreamStats.EMPTY, RtpStreamStats.EMPTY, 0, 0, 0);
}
