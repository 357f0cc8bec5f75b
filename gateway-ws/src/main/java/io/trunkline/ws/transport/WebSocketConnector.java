package io.trunkline.ws.transport;

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
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.ws.protocol.AgentProtocol;
import io.trunkline.ws.protocol.Wire;
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
 * WebSocketConnector connector = WebSocketConnector.builder("raw", AudioFormat.PCM16_16K)
 *         .endpoint(EndpointResolver.fixed(uri))
 *         .protocol(RawPcmProtocol.factory(AudioFormat.PCM16_16K))
 *         .config(agentConfig)
 *         .channelFactory(NioSocketChannel::new)   // EpollSocketChannel::new on epoll loops
 *         .build();
 * }</pre>
 */
public final class WebSocketConnector implements AgentConnector {

    /** Default outbound buffer bounds: about one and two seconds of PCM16 at 16 kHz. */
    public static final WriteBufferWaterMark DEFAULT_WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final String kind;
    private final AudioFormat format;
    private final EndpointResolver endpointResolver;
    private final AgentProtocol.Factory protocolFactory;
    private final long timeoutMillis;
    private final int maxFrameBytes;
    private final long stallNanos;
    private final ChannelFactory<? extends Channel> channelFactory;
    private final AddressResolverGroup<? extends SocketAddress> addressResolver;
    private final Dialer dialer;
    private final ConnectorStats stats = new ConnectorStats();
    private volatile SslContext sslContext;

    private WebSocketConnector(Builder b) {
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
        this.sslContext = b.sslContext;
        this.dialer = b.dialer != null ? b.dialer : this::dialTcp;
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
     * Starts connecting the call to its agent; everything the leg has to say arrives on {@code events}, never before
     * this method returned. Must be called on {@code loop}, which must be backed by a Netty {@link EventLoop}
     * compatible with the channel factory.
     */
    @Override
    public WebSocketLeg connect(AgentSession session, CallLoop loop, AgentEvents events) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(events, "events");
        if (!loop.inLoop()) {
            throw new IllegalStateException("connect() must be called on the call's loop");
        }
        WebSocketLeg leg = new WebSocketLeg(this, session, loop.unwrap(EventLoop.class), events);
        leg.start();
        return leg;
    }

    /** Opens the connection of one leg on {@code loop}: TCP, then [TLS,] then the WebSocket handshake. */
    private ChannelFuture dialTcp(EventLoop loop, Endpoint endpoint, WebSocketLeg leg) {
        String host = hostOf(endpoint);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(channelFactory)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, DEFAULT_WATER_MARK)
                .handler(new PipelineInitializer(endpoint, host, endpoint.secure() ? sslContext() : null,
                        maxFrameBytes, timeoutMillis, leg));
        if (addressResolver != null) {
            bootstrap.resolver(addressResolver);
        }
        return bootstrap.connect(host, endpoint.port());
    }

    private static String hostOf(Endpoint endpoint) {
        String host = endpoint.uri().getHost();
        // URI keeps the brackets of an IPv6 literal; the socket layer wants the bare address.
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Totals over all legs of this connector. */
    public ConnectorStats stats() {
        return stats;
    }

    EndpointResolver endpointResolver() {
        return endpointResolver;
    }

    Dialer dialer() {
        return dialer;
    }

    /** The protocol of one call, which must speak the connector's format. */
    AgentProtocol newProtocol(AgentSession session, Wire wire, AgentEvents events) {
        AgentProtocol protocol = protocolFactory.create(session, wire, events);
        if (protocol.format() != format) {
            throw new IllegalStateException("protocol speaks " + protocol.format() + ", connector declares " + format);
        }
        return protocol;
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

    /** Builds a {@link WebSocketConnector}; endpoint, protocol, config and channel factory are required. */
    public static final class Builder {
        private final String kind;
        private final AudioFormat format;
        private EndpointResolver endpointResolver;
        private AgentProtocol.Factory protocolFactory;
        private AgentConfig config;
        private ChannelFactory<? extends Channel> channelFactory;
        private SslContext sslContext;
        private AddressResolverGroup<? extends SocketAddress> addressResolver;
        private Dialer dialer;

        private Builder(String kind, AudioFormat format) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.format = Objects.requireNonNull(format, "format");
        }

        /** Where each call connects to. */
        public Builder endpoint(EndpointResolver resolver) {
            this.endpointResolver = resolver;
            return this;
        }

        /** Every call connects to {@code uri}. */
        public Builder uri(URI uri) {
            return endpoint(EndpointResolver.fixed(uri));
        }

        /** The wire protocol spoken on each connection. */
        public Builder protocol(AgentProtocol.Factory factory) {
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

        /** The client channels and host-name resolver of the event loops (see {@link ClientTransport}). */
        public Builder transport(ClientTransport transport) {
            channelFactory(transport.channels());
            return transport.resolver() == null ? this : addressResolver(transport.resolver());
        }

        /**
         * Resolves agent host names. By default Netty's resolver, which looks names up with the JDK and blocks the
         * event loop while it does; pass a non-blocking resolver when the agent is addressed by name.
         */
        public Builder addressResolver(AddressResolverGroup<? extends SocketAddress> resolver) {
            this.addressResolver = resolver;
            return this;
        }


        /** How each leg's channel is opened; by default TCP [and TLS], then the WebSocket handshake. */
        Builder dialer(Dialer dialer) {
            this.dialer = Objects.requireNonNull(dialer, "dialer");
            return this;
        }

        public WebSocketConnector build() {
            return new WebSocketConnector(this);
        }
    }
}
