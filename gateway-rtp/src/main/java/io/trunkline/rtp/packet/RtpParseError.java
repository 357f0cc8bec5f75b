package io.trunkline.rtp.packet;

/**
 * Outcome of {@link RtpParser#parse}. A bad datagram is reported as a value so that the receive path can count it
 * and drop it without unwinding the stack.
 */
public enum RtpParseError {
    /** The packet is a well-formed RTP packet. */
    NONE,
    /** Fewer than the 12 bytes of the fixed header. */
    TOO_SHORT,
    /** The version field is not 2. */
    BAD_VERSION,
    /** The CSRC count announces more identifiers than the packet holds. */
    CSRC_BEYOND_LENGTH,
    /** The header extension (or its 4-byte preamble) does not fit in the packet. */
    EXTENSION_BEYOND_LENGTH,
    /** The padding bit is set but the padding count is 0 or larger than what follows the header. */
    BAD_PADDING
}
