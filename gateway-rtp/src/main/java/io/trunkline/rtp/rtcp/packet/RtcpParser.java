package io.trunkline.rtp.rtcp.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses compound RTCP datagrams (RFC 3550 §6.4-6.6, validity checks of A.2). SR, RR, SDES and BYE become records;
 * other packet types are skipped by their length field. A malformed datagram is rejected whole and reported as a
 * {@link RtcpParseError}; nothing is thrown. The reader index is not moved.
 *
 * <p>Unlike A.2, a first packet other than SR/RR is accepted, so that reduced-size RTCP (RFC 5506) still parses.
 */
public final class RtcpParser {

    private static final int HEADER_BYTES = 4;

    private RtcpParser() {
    }

    /** Parses the readable bytes of {@code buf} as one compound RTCP datagram. */
    public static RtcpParseResult parse(ByteBuf buf) {
        int offset = buf.readerIndex();
        int end = offset + buf.readableBytes();
        if (offset == end) {
            return RtcpParseResult.failure(RtcpParseError.TOO_SHORT);
        }
        List<RtcpPacket> packets = new ArrayList<>(4);
        int skipped = 0;
        try {
            // Each round consumes at least the 4-byte header, so the loop ends.
            while (offset < end) {
                int length = packetLength(buf, offset, end);
                int bodyEnd = offset + length - paddingLength(buf, offset, length, end);
                RtcpPacket packet = parseBody(buf, buf.getUnsignedByte(offset) & 0x1f,
                        buf.getUnsignedByte(offset + 1), offset + HEADER_BYTES, bodyEnd);
                if (packet == null) {
                    skipped++;
                } else {
                    packets.add(packet);
                }
                offset += length;
            }
        } catch (Malformed e) {
            return RtcpParseResult.failure(e.error);
        }
        return new RtcpParseResult(packets, RtcpParseError.NONE, skipped);
    }

    private static int packetLength(ByteBuf buf, int offset, int end) throws Malformed {
        if (end - offset < HEADER_BYTES) {
            throw new Malformed(RtcpParseError.TOO_SHORT);
        }
        if (buf.getUnsignedByte(offset) >>> 6 != 2) {
            throw new Malformed(RtcpParseError.BAD_VERSION);
        }
        int length = (buf.getUnsignedShort(offset + 2) + 1) * 4;
        if (length > end - offset) {
            throw new Malformed(RtcpParseError.BAD_LENGTH);
        }
        return length;
    }

    private static int paddingLength(ByteBuf buf, int offset, int length, int end) throws Malformed {
        if ((buf.getUnsignedByte(offset) & 0x20) == 0) {
            return 0;
        }
        // Only the last packet of a compound may be padded (A.2).
        if (offset + length != end) {
            throw new Malformed(RtcpParseError.BAD_PADDING);
        }
        int padding = buf.getUnsignedByte(offset + length - 1);
        if (padding == 0 || padding > length - HEADER_BYTES) {
            throw new Malformed(RtcpParseError.BAD_PADDING);
        }
        return padding;
    }

    private static RtcpPacket parseBody(ByteBuf buf, int count, int type, int start, int end) throws Malformed {
        switch (type) {
            case RtcpPacket.TYPE_SR:
                return senderReport(buf, count, start, end);
            case RtcpPacket.TYPE_RR:
                return receiverReport(buf, count, start, end);
            case RtcpPacket.TYPE_SDES:
                return sourceDescription(buf, count, start, end);
            case RtcpPacket.TYPE_BYE:
                return bye(buf, count, start, end);
            default:
                return null;
        }
    }

    private static SenderReport senderReport(ByteBuf buf, int count, int start, int end) throws Malformed {
        requireFits(start, 24 + count * ReportBlock.BYTES, end);
        return new SenderReport(buf.getUnsignedInt(start), buf.getLong(start + 4), buf.getUnsignedInt(start + 12),
                buf.getUnsignedInt(start + 16), buf.getUnsignedInt(start + 20), blocks(buf, count, start + 24));
    }

    private static ReceiverReport receiverReport(ByteBuf buf, int count, int start, int end) throws Malformed {
        requireFits(start, 4 + count * ReportBlock.BYTES, end);
        return new ReceiverReport(buf.getUnsignedInt(start), blocks(buf, count, start + 4));
    }

    private static List<ReportBlock> blocks(ByteBuf buf, int count, int offset) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++, offset += ReportBlock.BYTES) {
            int lossWord = buf.getInt(offset + 4);
            // Cumulative loss is the low 24 bits, signed: shift up then arithmetic-shift down to sign-extend.
            blocks.add(new ReportBlock(buf.getUnsignedInt(offset), lossWord >>> 24, (lossWord << 8) >> 8,
                    buf.getUnsignedInt(offset + 8), buf.getUnsignedInt(offset + 12),
                    buf.getUnsignedInt(offset + 16), buf.getUnsignedInt(offset + 20)));
        }
        return blocks;
    }

    private static SourceDescription sourceDescription(ByteBuf buf, int count, int start, int end)
            throws Malformed {
        List<SdesChunk> chunks = new ArrayList<>(count);
        int offset = start;
        for (int i = 0; i < count; i++) {
            requireFits(offset, 4, end);
            long ssrc = buf.getUnsignedInt(offset);
            offset += 4;
            List<SdesItem> items = new ArrayList<>(2);
            // Each item takes at least 2 bytes, so the loop ends.
            while (offset < end && buf.getUnsignedByte(offset) != 0) {
                if (end - offset < 2) {
                    throw new Malformed(RtcpParseError.BAD_SDES_ITEM);
                }
                int itemLength = buf.getUnsignedByte(offset + 1);
                if (itemLength > end - offset - 2) {
                    throw new Malformed(RtcpParseError.BAD_SDES_ITEM);
                }
                items.add(new SdesItem(buf.getUnsignedByte(offset),
                        buf.toString(offset + 2, itemLength, StandardCharsets.UTF_8)));
                offset += 2 + itemLength;
            }
            // The null terminator and the padding to the next 32-bit boundary; a missing terminator at the very end
            // of the packet is tolerated.
            offset = Math.min(end, align4(start, offset + 1));
            chunks.add(new SdesChunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    private static Bye bye(ByteBuf buf, int count, int start, int end) throws Malformed {
        requireFits(start, 4 * count, end);
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(buf.getUnsignedInt(start + 4 * i));
        }
        int offset = start + 4 * count;
        String reason = "";
        if (offset < end) {
            int reasonLength = buf.getUnsignedByte(offset);
            if (reasonLength > end - offset - 1) {
                throw new Malformed(RtcpParseError.BAD_BYE_REASON);
            }
            reason = buf.toString(offset + 1, reasonLength, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
    }

    private static void requireFits(int offset, int bytes, int end) throws Malformed {
        if (bytes > end - offset) {
            throw new Malformed(RtcpParseError.COUNT_BEYOND_LENGTH);
        }
    }

    private static int align4(int start, int offset) {
        return start + ((offset - start + 3) & ~3);
    }

    /** Unwinds a parse to {@link #parse}; never leaves this class. */
    private static final class Malformed extends Exception {
        private final RtcpParseError error;

        Malformed(RtcpParseError error) {
            super(error.name(), null, false, false);
            this.error = error;
        }
    }
}
