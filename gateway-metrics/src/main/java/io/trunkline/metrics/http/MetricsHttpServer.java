package io.trunkline.metrics.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics port: a small Netty HTTP server on its own event loop, so a scrape or a dashboard refresh never runs
 * on a media loop. Serves {@link HttpRoutes}.
 *
 * <pre>{@code
 * MetricsHttpServer http = new MetricsHttpServer("127.0.0.1", 9464, registry::scrape, status);
 * InetSocketAddress bound = http.start();
 * }</pre>
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int IDLE_SECONDS = 60;
    private static final int ACTIVE_SAMPLE_SECONDS = 5;

    private final String bindAddress;
    private final int port;
    private final Supplier<String> scrape;
    private final GatewayStatus status;
    private final AdminRoutes admin;
    private final List<HttpEndpoint> endpoints = new ArrayList<>();
    private EventLoopGroup group;
    private Channel server;

    /**
     * @param port   0 = any free port (see {@link #start()} for the one chosen)
     * @param scrape the Prometheus text of the registry
     */
    public MetricsHttpServer(String bindAddress, int port, Supplier<String> scrape, GatewayStatus status) {
        this(bindAddress, port, scrape, status, null);
    }

    /**
     * An endpoint that also serves {@code POST /admin/drain} and {@code GET /admin/config} to clients that send
     * {@code Authorization: Bearer <adminToken>}.
     *
     * @throws IllegalArgumentException when {@code adminToken} is blank: admin routes are never served unguarded
     */
    public MetricsHttpServer(String bindAddress, int port, Supplier<String> scrape, GatewayStatus status,
            AdminApi admin, String adminToken) {
        this(bindAddress, port, scrape, status, new AdminRoutes(admin, adminToken));
    }

    private MetricsHttpServer(String bindAddress, int port, Supplier<String> scrape, GatewayStatus status,
            AdminRoutes admin) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.scrape = scrape;
        this.status = status;
        this.admin = admin;
    }

    /** Adds an endpoint served beside the built-in routes; before {@link #start()} only. Returns this server. */
    public MetricsHttpServer add(HttpEndpoint endpoint) {
        if (server != null) {
            throw new IllegalStateException("endpoints are added before start()");
        }
        endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
        return this;
    }

    /** Binds and returns the bound address; fails when the port is taken. */
    public InetSocketAddress start() throws InterruptedException {
        HttpRoutes routes = new HttpRoutes(scrape, status, admin, endpoints);
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("metrics-http", true),
                NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS),
                                    new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), routes);
                        }
                    })
                    .bind(bindAddress, port).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        if (status.history() != null) {
            group.scheduleAtFixedRate(this::sampleActiveCalls, 0, ACTIVE_SAMPLE_SECONDS, TimeUnit.SECONDS);
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        LOG.info("metrics, health and dashboard on http://{}:{}/", bound.getHostString(), bound.getPort());
        return bound;
    }

    /** Feeds the history's active-calls chart, whether or not a page is watching. */
    private void sampleActiveCalls() {
        try {
            status.history().sampleActive(status.activeCalls().size());
        } catch (RuntimeException e) {
            LOG.warn("sampling the calls in progress failed: {}", e.toString()); // and the next sample is tried
        }
    }

    /** The bound address, or null before {@link #start()}. */
    public InetSocketAddress address() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
