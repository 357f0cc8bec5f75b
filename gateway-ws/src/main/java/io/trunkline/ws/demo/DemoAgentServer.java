package io.trunkline.ws.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo agent: a WebSocket server on 127.0.0.1 speaking the raw PCM protocol at 16 kHz (see
 * {@link io.trunkline.ws.raw.RawPcmProtocol}). It greets each caller with three tones and then echoes what the
 * caller says half a second later, so a call through the gateway can be tried without any agent platform. The
 * gateway reaches it through the same WebSocket client as a remote agent
 * ({@link io.trunkline.ws.connect.Connectors#demo}).
 *
 * <p>Event loops: either the caller's group (the gateway passes its I/O group and the matching server channel
 * type), or, with {@link #DemoAgentServer()}, a one-thread NIO group owned and shut down by this server.
 * {@link #start()} and {@link #stop()} block briefly and must not be called on an event loop.
 */
public final class DemoAgentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoAgentServer.class);

    /** The path the agent answers on. */
    public static final String PATH = "/agent";
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long STOP_TIMEOUT_MILLIS = 3000;

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChannelFactory<? extends ServerChannel> serverChannels;
    private final int port;
    private final DemoAgentStats stats = new DemoAgentStats();
    private final ChannelGroup sessions = new DefaultChannelGroup("demo-agent", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;
    private URI uri;

    /** A demo agent on an ephemeral port with its own one-thread NIO event loop. */
    public DemoAgentServer() {
        this(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), true, NioServerSocketChannel::new, 0);
    }

    /**
     * A demo agent on the caller's event loops.
     *
     * @param group          the event loops to run on; not shut down by {@link #stop()}
     * @param serverChannels creates the listening channel; must match {@code group}'s transport
     * @param port           the TCP port on 127.0.0.1, or 0 for an ephemeral one
     */
    public DemoAgentServer(EventLoopGroup group, ChannelFactory<? extends ServerChannel> serverChannels, int port) {
        this(group, false, serverChannels, port);
    }

    private DemoAgentServer(EventLoopGroup group, boolean ownsGroup,
            ChannelFactory<? extends ServerChannel> serverChannels, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        this.group = Objects.requireNonNull(group, "group");
        this.ownsGroup = ownsGroup;
        this.serverChannels = Objects.requireNonNull(serverChannels, "serverChannels");
        this.port = port;
    }

    /**
     * Starts listening and returns the agent's URI ({@code ws://127.0.0.1:PORT/agent}). Idempotent.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized URI start() {
        if (uri != null) {
            return uri;
        }
        try {
            serverChannel = new ServerBootstrap()
                    .group(group)
                    .channelFactory(serverChannels)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            initSession(ch);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("demo agent cannot listen on 127.0.0.1:" + port, e);
        }
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        uri = URI.create("ws://127.0.0.1:" + bound + PATH);
        LOG.info("demo agent listening on {}", uri);
        return uri;
    }

    private void initSession(Channel ch) {
        sessions.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(new HttpServerCodec());
        p.addLast(new HttpObjectAggregator(8192));
        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(5000)
                // Stopping the demo agent is a server going away (1001), not the agent ending the call (1000).
                .sendCloseFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE)
                .build()));
        p.addLast(new DemoAgentHandler(stats));
    }

    /** The URI returned by {@link #start()}, or null before. */
    public synchronized URI uri() {
        return uri;
    }

    /** What the agent has seen so far. */
    public DemoAgentStats stats() {
        return stats;
    }

    /** Closes the listening socket and every session; shuts down the event loop if this server owns it. */
    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(STOP_TIMEOUT_MILLIS);
            serverChannel = null;
        }
        sessions.close().awaitUninterruptibly(STOP_TIMEOUT_MILLIS);
        if (ownsGroup) {
            group.shutdownGracefully(0, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(STOP_TIMEOUT_MILLIS * 2);
        }
        uri = null;
    }

    @Override
    public void close() {
        stop();
    }
}
