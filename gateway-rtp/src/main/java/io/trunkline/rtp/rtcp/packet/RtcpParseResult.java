package io.trunkline.rtp.rtcp.packet;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RtcpParser#parse} made of one datagram: the packets it understood, or the reason it was rejected.
 *
 * @param packets the SR, RR, SDES and BYE packets in wire order; empty on error
 * @param error   {@link RtcpParseError#NONE} unless the datagram was rejected
 * @param skipped packets of other types (APP, feedback, XR, …) that were stepped over by their length
 */
public record RtcpParseResult(List<RtcpPacket> packets, RtcpParseError error, int skipped) {

    public RtcpParseResult {
        packets = List.copyOf(packets);
        Objects.requireNonNull(error, "error");
    }

    static RtcpParseResult failure(RtcpParseError error) {
        return new RtcpParseResult(List.of(), error, 0);
    }

    /** Whether the datagram parsed. */
    public boolean ok() {
        return error == RtcpParseError.NONE;
    }
}
