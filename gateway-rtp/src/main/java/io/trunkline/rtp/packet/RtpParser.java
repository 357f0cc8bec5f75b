package io.trunkline.rtp.packet;

import io.netty.buffer.ByteBuf;

/**
 * Parses the RTP header (RFC 3550 §5.1, §5.3.1) of a datagram in place: absolute reads only, the reader index is
 * left where it was, nothing is allocated. Malformed input is reported as an {@link RtpParseError}, never thrown.
 */
public final class RtpParser {

    /** Size of the fixed header. */
    public static final int FIXED_HEADER_BYTES = 12;

    private RtpParser() {
    }

    /**
     * Parses the readable bytes of {@code buf} as one RTP packet into {@code out}.
     *
     * @return {@link RtpParseError#NONE} when {@code out} now describes a well-formed packet
     */
    public static RtpParseError parse(ByteBuf buf, RtpHeader out) {
        int base = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER_BYTES) {
            return RtpParseError.TOO_SHORT;
        }
        int first = buf.getUnsignedByte(base);
        if (first >>> 6 != 2) {
            return RtpParseError.BAD_VERSION;
        }
        out.fixed(first, buf.getUnsignedByte(base + 1), buf.getUnsignedShort(base + 2),
                buf.getUnsignedInt(base + 4), buf.getUnsignedInt(base + 8));

        int offset = FIXED_HEADER_BYTES;
        int csrcCount = first & 0x0f;
        if (offset + 4 * csrcCount > length) {
            return RtpParseError.CSRC_BEYOND_LENGTH;
        }
        for (int i = 0; i < csrcCount; i++, offset += 4) {
            out.csrc(i, buf.getUnsignedInt(base + offset));
        }

        if ((first & 0x10) != 0) {
            if (offset + 4 > length) {
                return RtpParseError.EXTENSION_BEYOND_LENGTH;
            }
            int profile = buf.getUnsignedShort(base + offset);
            int extensionBytes = 4 * buf.getUnsignedShort(base + offset + 2);
            offset += 4;
            if (offset + extensionBytes > length) {
                return RtpParseError.EXTENSION_BEYOND_LENGTH;
            }
            out.extension(profile, base + offset, extensionBytes);
            offset += extensionBytes;
        }

        int paddingLength = 0;
        if ((first & 0x20) != 0) {
            // The last octet counts the padding, itself included; it may not reach back into the header.
            paddingLength = buf.getUnsignedByte(base + length - 1);
            if (paddingLength == 0 || paddingLength > length - offset) {
                return RtpParseError.BAD_PADDING;
            }
        }
        out.payload(base + offset, length - offset - paddingLength, paddingLength);
        return RtpParseError.NONE;
    }
}
