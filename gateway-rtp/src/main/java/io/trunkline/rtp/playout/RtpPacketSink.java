package io.trunkline.rtp.playout;

/**
 * Where the pacer's packets go: builds each audio packet (payload type and SSRC are the sink's) and sends it, and
 * sends the telephone-event packets built elsewhere.
 */
@FunctionalInterface
public interface RtpPacketSink {

    /**
     * Sends one packet. {@code payload} is borrowed. Must not throw: failures are counted by the sink.
     *
     * @return whether the packet was handed to the network (false: dropped and counted by the sink)
     */
    boolean send(boolean marker, int sequence, long timestamp, byte[] payload, int length);

    /**
     * Sends one packet already built whole, header included (an RFC 4733 telephone-event, whose payload type is
     * not the audio's). {@code packet} is borrowed. Same failure rules as {@link #send}; a sink that sends audio
     * only drops it (false).
     */
    default boolean sendPacket(byte[] packet, int length) {
        return false;
    }
}
