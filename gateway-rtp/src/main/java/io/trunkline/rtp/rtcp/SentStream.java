package io.trunkline.rtp.rtcp;

/** What our outgoing RTP stream has sent, as a sender report states it (RFC 3550 §6.4.1). */
public interface SentStream {

    /** Packets handed to the network so far. */
    long packetsSent();

    /** Payload bytes of those packets. */
    long payloadBytesSent();

    /** The RTP timestamp of the instant {@code nowNanos} on the stream's timeline, paired with the wall clock. */
    long timestampAt(long nowNanos);
}
