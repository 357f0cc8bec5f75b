package io.trunkline.rtp.playout;

/** Where the pacer's packets go: builds the RTP packet (payload type and SSRC are the sink's) and sends it. */
@FunctionalInterface
public interface RtpPacketSink {

    /**
     * Sends one packet. {@code payload} is borrowed. Must not throw: failures are counted by the sink.
     *
     * @return whether the packet was handed to the network (false: dropped and counted by the sink)
     */
    boolean send(boolean marker, int sequence, long timestamp, byte[] payload, int length);
}
