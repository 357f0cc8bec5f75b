package io.trunkline.rtp.rtcp.packet;

import java.util.List;

/**
 * An RTCP SDES packet (RFC 3550 §6.5).
 *
 * @param chunks one chunk per described source, at most 31
 */
public record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {

    public SourceDescription {
        chunks = List.copyOf(chunks);
        Unsigned.checkRange(chunks.size(), 0, 31, "SDES chunks");
    }

    @Override
    public int packetType() {
        return TYPE_SDES;
    }
}
