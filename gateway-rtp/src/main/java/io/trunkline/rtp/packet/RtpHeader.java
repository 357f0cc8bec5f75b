package io.trunkline.rtp.packet;

/**
 * The parsed header of one RTP packet (RFC 3550 §5.1). A mutable flyweight: one instance is kept per channel and
 * refilled by {@link RtpParser#parse} for every packet, so the receive path allocates nothing. Offsets are absolute
 * indexes into the buffer that was parsed; they are only meaningful while that buffer is alive. After a parse that
 * did not return {@link RtpParseError#NONE} the content is unspecified.
 */
public final class RtpHeader {

    /** The largest CSRC count the 4-bit CC field can carry. */
    public static final int MAX_CSRCS = 15;

    private final long[] csrcs = new long[MAX_CSRCS];
    private int version;
    private boolean padding;
    private boolean extension;
    private int csrcCount;
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int extensionProfile;
    private int extensionOffset;
    private int extensionLength;
    private int payloadOffset;
    private int payloadLength;
    private int paddingLength;

    /** The RTP version field (2 for every packet that parsed). */
    public int version() {
        return version;
    }

    /** Whether the P bit is set. */
    public boolean padding() {
        return padding;
    }

    /** Whether the X bit is set (a header extension follows the CSRC list). */
    public boolean extension() {
        return extension;
    }

    /** Number of CSRC identifiers, 0..15. */
    public int csrcCount() {
        return csrcCount;
    }

    /** The marker bit. */
    public boolean marker() {
        return marker;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return payloadType;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** RTP timestamp, unsigned 32-bit. */
    public long timestamp() {
        return timestamp;
    }

    /** Synchronisation source, unsigned 32-bit. */
    public long ssrc() {
        return ssrc;
    }

    /**
     * The {@code i}-th contributing source, unsigned 32-bit.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not below {@link #csrcCount()}
     */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount) {
            throw new IndexOutOfBoundsException("csrc " + i + " of " + csrcCount);
        }
        return csrcs[i];
    }

    /** The 16-bit profile-defined field of the header extension; 0 when there is none. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Absolute index of the extension data (after its 4-byte preamble); -1 when there is none. */
    public int extensionOffset() {
        return extensionOffset;
    }

    /** Length of the extension data in bytes (the wire field counts 32-bit words); 0 when there is none. */
    public int extensionLength() {
        return extensionLength;
    }

    /** Absolute reader index of the first payload byte. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload bytes, excluding padding. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Padding bytes at the end of the packet, including the count octet; 0 when the P bit is clear. */
    public int paddingLength() {
        return paddingLength;
    }

    void fixed(int firstByte, int secondByte, int sequenceNumber, long timestamp, long ssrc) {
        this.version = firstByte >>> 6;
        this.padding = (firstByte & 0x20) != 0;
        this.extension = (firstByte & 0x10) != 0;
        this.csrcCount = firstByte & 0x0f;
        this.marker = (secondByte & 0x80) != 0;
        this.payloadType = secondByte & 0x7f;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        this.extensionProfile = 0;
        this.extensionOffset = -1;
        this.extensionLength = 0;
        this.paddingLength = 0;
        this.payloadOffset = 0;
        this.payloadLength = 0;
    }

    void csrc(int i, long value) {
        csrcs[i] = value;
    }

    void extension(int profile, int offset, int length) {
        this.extensionProfile = profile;
        this.extensionOffset = offset;
        this.extensionLength = length;
    }

    void payload(int offset, int length, int paddingLength) {
        this.payloadOffset = offset;
        this.payloadLength = length;
        this.paddingLength = paddingLength;
    }

    @Override
    public String toString() {
        return "RtpHeader[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", m=" + marker + ", cc=" + csrcCount + ", x=" + extension + ", payload=" + payloadLength
                + ", padding=" + paddingLength + "]";
    }
}
