package io.trunkline.rtp.ports;

import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A port pair with its RTP and RTCP channels registered on the call's loop and bound, not yet reading.
 *
 * @param rtpAddress the local address the RTP channel is bound to
 */
public record BoundPorts(PortPair pair, InetSocketAddress rtpAddress, DatagramChannel rtp, DatagramChannel rtcp) {

    /** Starts reading both channels; what arrived before waited in the socket buffers. */
    public void startReading() {
        rtp.config().setAutoRead(true);
        rtcp.config().setAutoRead(true);
    }

    /** Closes both channels; the pair goes to {@code release} only once both sockets are really closed. */
    public void close(Consumer<PortPair> release) {
        ChannelFuture rtpClosed = rtp.close();
        ChannelFuture rtcpClosed = rtcp.close();
        rtpClosed.addListener(a -> rtcpClosed.addListener(b -> release.accept(pair)));
    }
}
