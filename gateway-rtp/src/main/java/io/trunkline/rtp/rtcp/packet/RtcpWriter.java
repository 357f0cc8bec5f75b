package io.trunkline.rtp.rtcp.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes RTCP packets at the writer index of a {@link ByteBuf}. RFC 3550 §6.1 asks every datagram to be a compound
 * packet that starts with an SR or RR and carries an SDES CNAME; {@link #writeCompound} builds exactly that, with an
 * optional BYE last. Arguments are the gateway's own values: invalid ones throw {@link IllegalArgumentException}.
 */
public final class RtcpWriter {

    private static final int MAX_TEXT_BYTES = 255;

    private RtcpWriter() {
    }

    /**
     * Writes a compound packet: {@code report} (an SR or RR), an SDES packet with the CNAME of the report's SSRC and,
     * when {@code bye} is not {@code null}, a BYE.
     *
     * @return bytes written
     */
    public static int writeCompound(ByteBuf dst, RtcpPacket report, String cname, Bye bye) {
        long ssrc;
        if (report instanceof SenderReport sr) {
            ssrc = sr.ssrc();
        } else if (report instanceof ReceiverReport rr) {
            ssrc = rr.ssrc();
        } else {
            throw new IllegalArgumentException("a compound packet starts with an SR or RR, not " + report);
        }
        int written = write(dst, report);
        written += writeSourceDescription(dst, new SourceDescription(List.of(SdesChunk.cname(ssrc, cname))));
        if (bye != null) {
            written += writeBye(dst, bye);
        }
        return written;
    }

    /** Writes any one packet. @return bytes written */
    public static int write(ByteBuf dst, RtcpPacket packet) {
        if (packet instanceof SenderReport sr) {
            return writeSenderReport(dst, sr);
        } else if (packet instanceof ReceiverReport rr) {
            return writeReceiverReport(dst, rr);
        } else if (packet instanceof SourceDescription sdes) {
            return writeSourceDescription(dst, sdes);
        } else {
            return writeBye(dst, (Bye) packet);
        }
    }

    /** Writes one SR packet. @return bytes written */
    public static int writeSenderReport(ByteBuf dst, SenderReport sr) {
        int length = 4 + 24 + sr.blocks().size() * ReportBlock.BYTES;
        header(dst, sr.blocks().size(), RtcpPacket.TYPE_SR, length);
        dst.writeInt((int) sr.ssrc());
        dst.writeLong(sr.ntpTimestamp());
        dst.writeInt((int) sr.rtpTimestamp());
        dst.writeInt((int) sr.packetCount());
        dst.writeInt((int) sr.octetCount());
        writeBlocks(dst, sr.blocks());
        return length;
    }

    /** Writes one RR packet. @return bytes written */
    public static int writeReceiverReport(ByteBuf dst, ReceiverReport rr) {
        int length = 4 + 4 + rr.blocks().size() * ReportBlock.BYTES;
        header(dst, rr.blocks().size(), RtcpPacket.TYPE_RR, length);
        dst.writeInt((int) rr.ssrc());
        writeBlocks(dst, rr.blocks());
        return length;
    }

    /** Writes one SDES packet; each chunk ends with null octets up to the next 32-bit boundary. */
    public static int writeSourceDescription(ByteBuf dst, SourceDescription sdes) {
        int length = 4;
        for (SdesChunk chunk : sdes.chunks()) {
            length += chunkLength(chunk);
        }
        header(dst, sdes.chunks().size(), RtcpPacket.TYPE_SDES, length);
        for (SdesChunk chunk : sdes.chunks()) {
            dst.writeInt((int) chunk.ssrc());
            int itemBytes = 0;
            for (SdesItem item : chunk.items()) {
                byte[] text = text(item.value(), "SDES item");
                dst.writeByte(item.type());
                dst.writeByte(text.length);
                dst.writeBytes(text);
                itemBytes += 2 + text.length;
            }
            dst.writeZero(4 - itemBytes % 4);
        }
        return length;
    }

    /** Writes one BYE packet, with the reason when it is not empty. @return bytes written */
    public static int writeBye(ByteBuf dst, Bye bye) {
        byte[] reason = text(bye.reason(), "BYE reason");
        int reasonBytes = reason.length == 0 ? 0 : (1 + reason.length + 3) & ~3;
        int length = 4 + 4 * bye.ssrcs().size() + reasonBytes;
        header(dst, bye.ssrcs().size(), RtcpPacket.TYPE_BYE, length);
        for (long ssrc : bye.ssrcs()) {
            dst.writeInt((int) ssrc);
        }
        if (reason.length > 0) {
            dst.writeByte(reason.length);
            dst.writeBytes(reason);
            dst.writeZero(reasonBytes - 1 - reason.length);
        }
        return length;
    }

    private static void header(ByteBuf dst, int count, int type, int lengthBytes) {
        dst.ensureWritable(lengthBytes);
        dst.writeByte(0x80 | count);
        dst.writeByte(type);
        dst.writeShort(lengthBytes / 4 - 1);
    }

    private static void writeBlocks(ByteBuf dst, List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            dst.writeInt((int) b.ssrc());
            dst.writeInt(b.fractionLost() << 24 | (b.cumulativeLost() & 0xff_ffff));
            dst.writeInt((int) b.extendedHighestSequence());
            dst.writeInt((int) b.jitter());
            dst.writeInt((int) b.lastSr());
            dst.writeInt((int) b.delaySinceLastSr());
        }
    }

    private static int chunkLength(SdesChunk chunk) {
        int itemBytes = 0;
        for (SdesItem item : chunk.items()) {
            itemBytes += 2 + text(item.value(), "SDES item").length;
        }
        return 4 + itemBytes + 4 - itemBytes % 4;
    }

    private static byte[] text(String value, String what) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(what + " longer than 255 bytes: " + bytes.length);
        }
        return bytes;
    }
}
