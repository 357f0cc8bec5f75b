package io.trunkline.rtp.rtcp.packet;

import java.util.List;

/**
 * An RTCP receiver report (RFC 3550 §6.4.2).
 *
 * @param ssrc   the reporter
 * @param blocks reception reports, at most 31
 */
public record ReceiverReport(long ssrc, List<ReportBlock> blocks) implements RtcpPacket {

    public ReceiverReport {
        Unsigned.check32(ssrc, "ssrc");
        blocks = List.copyOf(blocks);
        Unsigned.checkRange(blocks.size(), 0, 31, "report blocks");
    }

    @Override
    public int packetType() {
        return TYPE_RR;
    }
}
