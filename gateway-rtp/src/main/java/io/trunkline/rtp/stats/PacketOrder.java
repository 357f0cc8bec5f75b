package io.trunkline.rtp.stats;

/**
 * Where a received packet falls in its stream, as decided by {@link ReceiveStatistics#onPacket}. The media path
 * forwards {@link #IN_ORDER} and {@link #RESTART} packets and drops the others.
 */
public enum PacketOrder {
    /** Newer than every packet before it (gaps allowed, up to RFC 3550's MAX_DROPOUT). */
    IN_ORDER,
    /**
     * Not to be played: older than the highest packet received (late, within MAX_MISORDER), or a packet that jumped
     * far ahead and is held back until a second sequential packet confirms the jump (RFC 3550 A.1).
     */
    OUT_OF_ORDER,
    /** A sequence number that was already received (within the duplicate window). */
    DUPLICATE,
    /** The first packet of the stream, of a new SSRC, or of a re-synchronised sequence; statistics restart. */
    RESTART
}
