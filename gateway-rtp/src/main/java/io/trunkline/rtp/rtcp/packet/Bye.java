package io.trunkline.rtp.rtcp.packet;

import java.util.List;

/**
 * An RTCP BYE packet (RFC 3550 §6.6).
 *
 * @param ssrcs  the sources leaving, at most 31
 * @param reason why they leave; empty when the packet carries no reason ({@code null} is taken as empty)
 */
public record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {

    public Bye {
        ssrcs = List.copyOf(ssrcs);
        Unsigned.checkRange(ssrcs.size(), 0, 31, "BYE sources");
        for (Long ssrc : ssrcs) {
            Unsigned.check32(ssrc, "ssrc");
        }
        reason = reason == null ? "" : reason;
    }

    @Override
    public int packetType() {
        return TYPE_BYE;
    }
}
