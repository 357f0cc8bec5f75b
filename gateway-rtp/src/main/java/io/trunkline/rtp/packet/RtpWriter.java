package io.trunkline.rtp.packet;

import io.netty.buffer.ByteBuf;

/**
 * Writes RTP packets (RFC 3550 §5.1) at the writer index of a {@link ByteBuf}. Arguments are the sender's own
 * values, so out-of-range ones are programming errors and throw {@link IllegalArgumentException}.
 */
public final class RtpWriter {

    private static final int VERSION_BITS = 2 << 6;

    private RtpWriter() {
    }

    /**
     * Writes a plain 12-byte header (no CSRC, no extension, no padding) followed by the payload.
     *
     * @return bytes written
     */
    public static int write(ByteBuf dst, boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                            byte[] payload, int off, int len) {
        dst.ensureWritable(RtpParser.FIXED_HEADER_BYTES + len);
        writeHeader(dst, marker, payloadType, sequence, timestamp, ssrc);
        dst.writeBytes(payload, off, len);
        return RtpParser.FIXED_HEADER_BYTES + len;
    }

    /**
     * Writes only the plain 12-byte header, so that the caller can encode the payload straight into {@code dst}
     * after it without an intermediate array.
     *
     * @return bytes written (always 12)
     */
    public static int writeHeader(ByteBuf dst, boolean marker, int payloadType, int sequence, long timestamp,
                                  long ssrc) {
        checkPayloadType(payloadType);
        checkSequence(sequence);
        checkUnsigned32(timestamp, "timestamp");
        checkUnsigned32(ssrc, "ssrc");
        dst.writeByte(VERSION_BITS);
        dst.writeByte((marker ? 0x80 : 0) | payloadType);
        dst.writeShort(sequence);
        dst.writeInt((int) timestamp);
        dst.writeInt((int) ssrc);
        return RtpParser.FIXED_HEADER_BYTES;
    }

    /**
     * Writes a packet with the CSRC list, header extension and padding that {@code spec} describes.
     *
     * @return bytes written
     */
    public static int write(ByteBuf dst, RtpHeaderSpec spec, byte[] payload, int off, int len) {
        int csrcCount = spec.csrcCount();
        int extensionBytes = spec.hasExtension() ? 4 + spec.extensionDataLength() : 0;
        int total = RtpParser.FIXED_HEADER_BYTES + 4 * csrcCount + extensionBytes + len + spec.paddingLength();
        dst.ensureWritable(total);

        int first = VERSION_BITS | csrcCount;
        if (spec.paddingLength() > 0) {
            first |= 0x20;
        }
        if (spec.hasExtension()) {
            first |= 0x10;
        }
        dst.writeByte(first);
        dst.writeByte((spec.marker() ? 0x80 : 0) | spec.payloadType());
        dst.writeShort(spec.sequence());
        dst.writeInt((int) spec.timestamp());
        dst.writeInt((int) spec.ssrc());
        for (int i = 0; i < csrcCount; i++) {
            dst.writeInt((int) spec.csrc(i));
        }
        if (spec.hasExtension()) {
            dst.writeShort(spec.extensionProfile());
            dst.writeShort(spec.extensionDataLength() / 4);
            dst.writeBytes(spec.extensionDataUnsafe());
        }
        dst.writeBytes(payload, off, len);
        if (spec.paddingLength() > 0) {
            dst.writeZero(spec.paddingLength() - 1);
            dst.writeByte(spec.paddingLength());
        }
        return total;
    }

    static int checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType must be 0..127: " + payloadType);
        }
        return payloadType;
    }

    static int checkSequence(int sequence) {
        if (sequence < 0 || sequence > 0xffff) {
            throw new IllegalArgumentException("sequence must be 0..65535: " + sequence);
        }
        return sequence;
    }

    static long checkUnsigned32(long value, String name) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value: " + value);
        }
        return value;
    }
}
