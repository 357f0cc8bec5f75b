package io.trunkline.rtp.packet;

import java.util.Arrays;

/**
 * Everything {@link RtpWriter} may put in an RTP header beyond the plain fixed fields: CSRC list, header extension
 * and padding. Immutable; built with {@link #builder()}. Mostly useful to tests and to senders that need the rarer
 * header features; the per-packet send path uses the plain {@link RtpWriter#write(io.netty.buffer.ByteBuf, boolean,
 * int, int, long, long, byte[], int, int)}.
 */
public final class RtpHeaderSpec {

    private final boolean marker;
    private final int payloadType;
    private final int sequence;
    private final long timestamp;
    private final long ssrc;
    private final long[] csrcs;
    private final int extensionProfile;
    private final byte[] extensionData;
    private final int paddingLength;

    private RtpHeaderSpec(Builder b) {
        this.marker = b.marker;
        this.payloadType = b.payloadType;
        this.sequence = b.sequence;
        this.timestamp = b.timestamp;
        this.ssrc = b.ssrc;
        this.csrcs = b.csrcs.clone();
        this.extensionProfile = b.extensionProfile;
        this.extensionData = b.extensionData == null ? null : b.extensionData.clone();
        this.paddingLength = b.paddingLength;
    }

    /** A builder with payload type 0, sequence 0, timestamp 0, SSRC 0 and no optional parts. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    public int sequence() {
        return sequence;
    }

    public long timestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    public int csrcCount() {
        return csrcs.length;
    }

    public long csrc(int i) {
        return csrcs[i];
    }

    /** Whether a header extension is written. */
    public boolean hasExtension() {
        return extensionData != null;
    }

    public int extensionProfile() {
        return extensionProfile;
    }

    /** A copy of the extension data (a multiple of 4 bytes), or {@code null} when there is no extension. */
    public byte[] extensionData() {
        return extensionData == null ? null : extensionData.clone();
    }

    int extensionDataLength() {
        return extensionData == null ? 0 : extensionData.length;
    }

    byte[] extensionDataUnsafe() {
        return extensionData;
    }

    /** Padding bytes appended after the payload, count octet included; 0 for none. */
    public int paddingLength() {
        return paddingLength;
    }

    /** Builds an {@link RtpHeaderSpec}; every setter validates its argument. */
    public static final class Builder {
        private boolean marker;
        private int payloadType;
        private int sequence;
        private long timestamp;
        private long ssrc;
        private long[] csrcs = new long[0];
        private int extensionProfile;
        private byte[] extensionData;
        private int paddingLength;

        private Builder() {
        }

        public Builder marker(boolean marker) {
            this.marker = marker;
            return this;
        }

        public Builder payloadType(int payloadType) {
            this.payloadType = RtpWriter.checkPayloadType(payloadType);
            return this;
        }

        public Builder sequence(int sequence) {
            this.sequence = RtpWriter.checkSequence(sequence);
            return this;
        }

        public Builder timestamp(long timestamp) {
            this.timestamp = RtpWriter.checkUnsigned32(timestamp, "timestamp");
            return this;
        }

        public Builder ssrc(long ssrc) {
            this.ssrc = RtpWriter.checkUnsigned32(ssrc, "ssrc");
            return this;
        }

        /** Contributing sources, at most 15, each unsigned 32-bit. */
        public Builder csrcs(long... csrcs) {
            if (csrcs.length > RtpHeader.MAX_CSRCS) {
                throw new IllegalArgumentException("at most 15 CSRCs: " + csrcs.length);
            }
            for (long csrc : csrcs) {
                RtpWriter.checkUnsigned32(csrc, "csrc");
            }
            this.csrcs = csrcs.clone();
            return this;
        }

        /** A header extension; {@code data} must be a multiple of 4 bytes, at most 65535 words. */
        public Builder extension(int profile, byte[] data) {
            if (profile < 0 || profile > 0xffff) {
                throw new IllegalArgumentException("extension profile must be 0..65535: " + profile);
            }
            if (data.length % 4 != 0 || data.length / 4 > 0xffff) {
                throw new IllegalArgumentException("extension data must be whole 32-bit words: " + data.length);
            }
            this.extensionProfile = profile;
            this.extensionData = data.clone();
            return this;
        }

        /** Padding to append, count octet included: 0 (none) or 1..255. */
        public Builder paddingLength(int paddingLength) {
            if (paddingLength < 0 || paddingLength > 255) {
                throw new IllegalArgumentException("paddingLength must be 0..255: " + paddingLength);
            }
            this.paddingLength = paddingLength;
            return this;
        }

        public RtpHeaderSpec build() {
            return new RtpHeaderSpec(this);
        }
    }

    @Override
    public String toString() {
        return "RtpHeaderSpec[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", m=" + marker + ", csrcs=" + Arrays.toString(csrcs) + ", ext=" + extensionDataLength()
                + ", padding=" + paddingLength + "]";
    }
}
