package io.trunkline.rtp.ports;

import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Registers and binds the two datagram channels of a port pair on the call's event loop, synchronously.
 *
 * <p>Why this is synchronous without blocking: it runs on the event loop itself, and Netty then performs both
 * registration and bind inline (a UDP bind is a plain system call; {@code AbstractChannel} only defers such work
 * when called from another thread). The futures are therefore complete when the calls return, so the local port
 * is known before {@code open()} returns, and a port taken by another process fails here, where the next pair can
 * be tried. A future that is unexpectedly not complete is treated as a failure rather than waited for, since
 * waiting on the loop would deadlock it.
 *
 * <p>Channels start with auto-read off: datagrams that arrive before the leg starts wait in the socket buffer.
 */
public final class UdpChannelBinder {

    /** DSCP EF (expedited forwarding, RFC 3246) in the TOS byte, the usual marking for voice. */
    static final int TOS_EXPEDITED_FORWARDING = 0xB8;
    /** Read buffer per datagram: larger than any RTP or RTCP packet on an Ethernet path. */
    public static final int DATAGRAM_READ_BYTES = 2048;

    private final ChannelFactory<? extends DatagramChannel> channelFactory;
    private final InetAddress bindAddress;

    public UdpChannelBinder(ChannelFactory<? extends DatagramChannel> channelFactory, InetAddress bindAddress) {
        this.channelFactory = channelFactory;
        this.bindAddress = bindAddress;
    }

    /** Binds both ports of {@code pair}; on failure nothing stays open. Must run on {@code loop}. */
    public BoundPorts bind(EventLoop loop, PortPair pair) throws IOException {
        DatagramChannel rtp = open(loop, pair.rtpPort());
        try {
            return new BoundPorts(pair, new InetSocketAddress(bindAddress, pair.rtpPort()), rtp,
                    open(loop, pair.rtcpPort()));
        } catch (IOException | RuntimeException e) {
            rtp.close();
            throw e;
        }
    }

    private DatagramChannel open(EventLoop loop, int port) throws IOException {
        DatagramChannel channel = channelFactory.newChannel();
        try {
            configure(channel);
            check(loop.register(channel), "register", port);
            check(channel.bind(new InetSocketAddress(bindAddress, port)), "bind", port);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void configure(DatagramChannel channel) {
        channel.config().setAutoRead(false);
        channel.config().setOption(ChannelOption.RCVBUF_ALLOCATOR,
                new FixedRecvByteBufAllocator(DATAGRAM_READ_BYTES));
        channel.config().setOption(ChannelOption.IP_TOS, TOS_EXPEDITED_FORWARDING);
    }

    private static void check(ChannelFuture future, String what, int port) throws IOException {
        if (!future.isDone()) {
            throw new IOException(what + " of UDP port " + port + " did not complete on the event loop");
        }
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw new IOException(what + " of UDP port " + port + " failed: " + cause.getMessage(), cause);
        }
    }
}
