package io.trunkline.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.AddressResolverGroup;
import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.loop.CallLoop;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Connects calls to agents over WebSocket ({@code ws://} and {@code wss://}), one {@link AgentProtocol} per call.
 * The connection of a call is registered on the call's own event loop, so the call's media and its agent traffic
 * share one thread. Thread-safe; one instance serves all calls of an agent kind.
 *
 * <pre>{@code
 * WebSocketAgentConnector connector = WebSocketAgentConnector.builder("raw", AudioFormat.PCM16_16K)
 *         .endpoint(AgentEndpointResolver.fixed(uri))
 *         .protocol(RawPcmProtocol.factory(AudioFormat.PCM16_16K))
 *         .config(agentConfig)
 *         .channelFactory(NioSocketChannel::new)   // EpollSocketChannel::new on epoll loops
 *         .build();
 * }</pre>
 */
public final class WebSocketAgentConnector implements AgentConnector {

    /** Default outbound buffer bounds: about one and two seconds of PCM16 at 16 kHz. */
    public static final WriteBufferWaterMark DEFAULT_WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final String kind;
    private final AudioFormat format;
    private final AgentEndpointResolver endpointResolver;
    private final AgentProtocolFactory protocolFactory;
    private final long timeoutMillis;
    private final int maxFrameBytes;
    private final long stallNanos;
    private final ChannelFactory<? extends Channel> channelFactory;
    private final AddressResolverGroup<? extends SocketAddress> addressResolver;
    private final WriteBufferWaterMark waterMark;
    private final AgentLinkStats stats = new AgentLinkStats();
    private final LogLimiter logLimiter = new LogLimiter(10_000, 5);
    private volatile SslContext sslContext;

    private WebSocketAgentConnector(Builder b) {
        this.kind = b.kind;
        this.format = b.format;
        this.endpointResolver = Objects.requireNonNull(b.endpointResolver, "endpoint");
        this.protocolFactory = Objects.requireNonNull(b.protocolFactory, "protocol");
        AgentConfig config = Objects.requireNonNull(b.config, "config");
        this.timeoutMillis = config.connectTimeout().toMillis();
        this.maxFrameBytes = config.maxFrameBytes();
        this.stallNanos = config.stallTimeout().toNanos();
        this.channelFactory = Objects.requireNonNull(b.channelFactory, "channelFactory");
        this.addressResolver = b.addressResolver;
        this.waterMark = b.waterMark;
        this.sslContext = b.sslContext;
    }

    /**
     * Starts a builder.
     *
     * @param kind   the {@code agent.kind} this connector serves, for records and metric tags
     * @param format the audio format the agent speaks; the protocol must declare the same
     */
    public static Builder builder(String kind, AudioFormat format) {
        return new Builder(kind, format);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    /**
     * Starts connecting the call to its agent; the outcome arrives on {@code listener}, never before this method
     * returned. Must be called on {@code loop}, which must be backed by a Netty {@link EventLoop} compatible with
     * the channel factory.
     */
    @Override
    public WebSocketAgentLeg connect(AgentSession session, CallLoop loop, AgentListener listener) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(listener, "listener");
        if (!loop.inLoop()) {
            throw new IllegalStateException("connect() must be called on the call's loop");
        }
        WebSocketAgentLeg leg = new WebSocketAgentLeg(this, session, loop.unwrap(EventLoop.class), listener);
        leg.start();
        return leg;
    }

    /** Opens the connection of one leg on {@code loop}: TCP, then [TLS,] then the WebSocket handshake. */
    ChannelFuture open(EventLoop loop, AgentEndpoint endpoint, WebSocketAgentLeg leg) {
        String host = hostOf(endpoint);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(channelFactory)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .handler(new AgentChannelInitializer(endpoint, host, endpoint.secure() ? sslContext() : null,
                        maxFrameBytes, timeoutMillis, leg));
        if (addressResolver != null) {
            bootstrap.resolver(addressResolver);
        }
        return bootstrap.connect(host, endpoint.port());
    }

    private static String hostOf(AgentEndpoint endpoint) {
        String host = endpoint.uri().getHost();
        // URI keeps the brackets of an IPv6 literal; the socket layer wants the bare address.
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Totals over all legs of this connector. */
    public AgentLinkStats stats() {
        return stats;
    }

    AgentEndpointResolver endpointResolver() {
        return endpointResolver;
    }

    AgentProtocolFactory protocolFactory() {
        return protocolFactory;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** How long an agent may stop reading (its socket buffer full) before the leg gives up on it. */
    long stallNanos() {
        return stallNanos;
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    LogLimiter logLimiter() {
        return logLimiter;
    }

    /** The client TLS context, built on first use from the JDK's trust store. */
    SslContext sslContext() {
        SslContext ctx = sslContext;
        if (ctx == null) {
            synchronized (this) {
                ctx = sslContext;
                if (ctx == null) {
                    try {
                        ctx = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("cannot build the TLS client context", e);
                    }
                    sslContext = ctx;
                }
            }
        }
        return ctx;
    }

    /** Builds a {@link WebSocketAgentConnector}; endpoint, protocol, config and channel factory are required. */
    public static final class Builder {
        private final String kind;
        private final AudioFormat format;
        private AgentEndpointResolver endpointResolver;
        private AgentProtocolFactory protocolFactory;
        private AgentConfig config;
        private ChannelFactory<? extends Channel> channelFactory;
        private SslContext sslContext;
        private AddressResolverGroup<? extends SocketAddress> addressResolver;
        private WriteBufferWaterMark waterMark = DEFAULT_WATER_MARK;

        private Builder(String kind, AudioFormat format) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.format = Objects.requireNonNull(format, "format");
        }

        /** Where each call connects to. */
        public Builder endpoint(AgentEndpointResolver resolver) {
            this.endpointResolver = resolver;
            return this;
        }

        /** Every call connects to {@code uri}. */
        public Builder uri(URI uri) {
            return endpoint(AgentEndpointResolver.fixed(uri));
        }

        /** The wire protocol spoken on each connection. */
        public Builder protocol(AgentProtocolFactory factory) {
            this.protocolFactory = factory;
            return this;
        }

        /** Connect timeout (TCP, TLS and WebSocket handshake together) and the largest accepted agent message. */
        public Builder config(AgentConfig config) {
            this.config = config;
            return this;
        }

        /** Creates the client channels; must match the event loops' transport (NIO or epoll). */
        public Builder channelFactory(ChannelFactory<? extends Channel> factory) {
            this.channelFactory = factory;
            return this;
        }

        /** The TLS context for {@code wss://}; by default a client context over the JDK trust store. */
        public Builder sslContext(SslContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Resolves agent host names. By default Netty's resolver, which looks names up with the JDK and blocks the
         * event loop while it does; pass a non-blocking resolver when the agent is addressed by name.
         */
        /** The client channels and host-name resolver of the event loops (see {@link ClientTransport}). */
        public Builder transport(ClientTransport transport) {
            channelFactory(transport.channels());
            return transport.resolver() == null ? this : addressResolver(transport.resolver());
        }

        public Builder addressResolver(AddressResolverGroup<? extends SocketAddress> resolver) {
            this.addressResolver = resolver;
            return this;
        }

        /** Bounds of the outbound buffer; above the high mark, caller audio is dropped and counted. */
        public Builder writeBufferWaterMark(WriteBufferWaterMark mark) {
            this.waterMark = Objects.requireNonNull(mark, "mark");
            return this;
        }

        public WebSocketAgentConnector build() {
            return new WebSocketAgentConnector(this);
        }
    }
}
