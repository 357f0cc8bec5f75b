package io.trunkline.server.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The WebSocket side of a test agent: a server on a free loopback port that upgrades {@code /agent...} and hands
 * each connection's frames (close frames included) to a fresh handler from {@code handler}.
 */
public final class AgentSocketServer implements AutoCloseable {
    private final Channel server;

    public AgentSocketServer(EventLoopGroup group, Supplier<ChannelHandler> handler) {
        server = new ServerBootstrap()
                .group(group)
                .channelFactory(NioServerSocketChannel::new)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/agent")
                                        .checkStartsWith(true)
                                        .handleCloseFrames(false)
                                        .maxFramePayloadLength(1 << 20)
                                        .build()),
                                handler.get());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** {@code ws://127.0.0.1:PORT/agent}. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/agent");
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
