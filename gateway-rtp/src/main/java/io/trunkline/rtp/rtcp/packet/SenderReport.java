package io.trunkline.rtp.rtcp.packet;

import java.util.List;

/**
 * An RTCP sender report (RFC 3550 §6.4.1).
 *
 * @param ssrc         the sender
 * @param ntpTimestamp 64-bit NTP wall-clock time of the report (see {@link NtpTime})
 * @param rtpTimestamp the same instant in the sender's RTP timestamp units
 * @param packetCount  RTP packets sent, unsigned 32-bit
 * @param octetCount   payload octets sent, unsigned 32-bit
 * @param blocks       reception reports, at most 31
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReportBlock> blocks) implements RtcpPacket {

    public SenderReport {
        Unsigned.check32(ssrc, "ssrc");
        Unsigned.check32(rtpTimestamp, "rtpTimestamp");
        Unsigned.check32(packetCount, "packetCount");
        Unsigned.check32(octetCount, "octetCount");
        blocks = List.copyOf(blocks);
        Unsigned.checkRange(blocks.size(), 0, 31, "report blocks");
    }

    @Override
    public int packetType() {
        return TYPE_SR;
    }
}
