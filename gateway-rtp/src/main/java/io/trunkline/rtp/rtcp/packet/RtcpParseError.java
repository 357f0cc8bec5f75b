package io.trunkline.rtp.rtcp.packet;

/** Why a compound RTCP datagram was rejected; the whole datagram is dropped (RFC 3550 A.2). */
public enum RtcpParseError {
    /** Every packet parsed. */
    NONE,
    /** Empty, or fewer than the 4 bytes of a common header where one should start. */
    TOO_SHORT,
    /** A packet whose version field is not 2. */
    BAD_VERSION,
    /** A length field that reaches beyond the datagram. */
    BAD_LENGTH,
    /** Padding on a packet other than the last, or a padding count of 0 or beyond the packet. */
    BAD_PADDING,
    /** The count field announces more report blocks, chunks or sources than the packet length holds. */
    COUNT_BEYOND_LENGTH,
    /** An SDES item that runs past the end of its packet. */
    BAD_SDES_ITEM,
    /** A BYE reason that runs past the end of its packet. */
    BAD_BYE_REASON
}
