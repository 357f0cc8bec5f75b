package io.trunkline.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** The socket transports the gateway runs on; integration tests run over each available one. */
public enum Transport {
    NIO(NioIoHandler::newFactory, NioSocketChannel::new, NioServerSocketChannel::new),
    EPOLL(EpollIoHandler::newFactory, EpollSocketChannel::new, EpollServerSocketChannel::new);

    private final Supplier<IoHandlerFactory> handlers;
    private final ChannelFactory<? extends Channel> clients;
    private final ChannelFactory<? extends ServerChannel> servers;

    Transport(Supplier<IoHandlerFactory> handlers, ChannelFactory<? extends Channel> clients,
            ChannelFactory<? extends ServerChannel> servers) {
        this.handlers = handlers;
        this.clients = clients;
        this.servers = servers;
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlers.get());
    }

    public ChannelFactory<? extends Channel> clientChannels() {
        return clients;
    }

    public ChannelFactory<? extends ServerChannel> serverChannels() {
        return servers;
    }

    /** The transports usable on this machine. */
    public static List<Transport> available() {
        return Arrays.stream(values()).filter(t -> t != EPOLL || Epoll.isAvailable()).toList();
    }
}
