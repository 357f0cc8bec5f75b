package io.trunkline.rtp.engine;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The Netty transports the media engine runs on. A datagram channel can only be registered on an event loop of
 * its own transport, so the server picks one and uses it for both its event loops and the {@link RtpEngine}.
 */
public enum UdpTransport {
    NIO {
        @Override
        public ChannelFactory<DatagramChannel> channelFactory() {
            return NioDatagramChannel::new;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public boolean isAvailable() {
            return true;
        }
    },
    EPOLL {
        @Override
        public ChannelFactory<DatagramChannel> channelFactory() {
            return EpollDatagramChannel::new;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public boolean isAvailable() {
            return Epoll.isAvailable();
        }
    };

    /** Creates unregistered datagram channels of this transport. */
    public abstract ChannelFactory<DatagramChannel> channelFactory();

    /** The I/O handler factory for a {@code MultiThreadIoEventLoopGroup} of this transport. */
    public abstract IoHandlerFactory ioHandlerFactory();

    /** Whether the transport works on this machine (epoll needs Linux and its native library). */
    public abstract boolean isAvailable();

    /** Epoll where available, NIO elsewhere. */
    public static UdpTransport preferred() {
        return EPOLL.isAvailable() ? EPOLL : NIO;
    }
}
