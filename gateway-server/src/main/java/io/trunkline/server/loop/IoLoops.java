package io.trunkline.server.loop;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.loop.LoopLag;
import io.trunkline.core.loop.LoopLagSource;
import io.trunkline.rtp.engine.UdpTransport;
import io.trunkline.ws.transport.ClientTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops that carry all media and agent I/O (epoll when the platform has it, NIO otherwise). Each new
 * call is pinned to the next loop in turn; its RTP channel, agent connection and pacer all live there, so every
 * channel type handed out here matches the loops' transport.
 */
public final class IoLoops implements CallLoopProvider, LoopLagSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoops.class);
    /** How often each loop's lag probe runs: cheap (one scheduled task, no allocation per run). */
    static final long LAG_PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long LAG_PROBE_WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final UdpTransport transport;
    private final EventLoopGroup group;
    private final Map<EventLoop, CallLoop> callLoops = new IdentityHashMap<>();
    private final List<LoopLag> lags = new ArrayList<>();
    private DnsAddressResolverGroup resolver;

    /** @param threads number of loops; 0 = one per available core */
    public IoLoops(int threads) {
        this.transport = UdpTransport.preferred();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("io", true),
                transport.ioHandlerFactory());
        for (Iterator<?> it = group.iterator(); it.hasNext(); ) {
            EventLoop loop = (EventLoop) it.next();
            callLoops.put(loop, new NettyCallLoop(loop));
            startLagProbe(loop);
        }
        LOG.info("{} I/O event loop(s) on {}", n, transport);
    }

    /**
     * Measures how late {@code loop} runs a task scheduled every {@link #LAG_PROBE_PERIOD_NANOS}, from
     * {@link #LAG_PROBE_WARM_UP_NANOS} on: start-up (class loading, first compilation) is not overload.
     */
    private void startLagProbe(EventLoop loop) {
        LoopLag lag = new LoopLag(LAG_PROBE_PERIOD_NANOS, System.nanoTime() + LAG_PROBE_WARM_UP_NANOS
                - LAG_PROBE_PERIOD_NANOS);
        lags.add(lag);
        loop.scheduleWithFixedDelay(() -> lag.tick(System.nanoTime()), LAG_PROBE_WARM_UP_NANOS,
                LAG_PROBE_PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    /** The worst loop's smoothed lateness, in nanoseconds. */
    @Override
    public long maxLagNanos(long nowNanos) {
        long max = 0;
        for (LoopLag lag : lags) {
            max = Math.max(max, lag.lagNanos(nowNanos));
        }
        return max;
    }

    /** The worst loop's lateness kept up over most of the last second, in nanoseconds. */
    @Override
    public long sustainedLagNanos(long nowNanos) {
        long max = 0;
        for (LoopLag lag : lags) {
            max = Math.max(max, lag.sustainedLagNanos(nowNanos));
        }
        return max;
    }

    /**
     * Moves the loops' threads to the real-time FIFO class at {@code priority} ({@code rtp.realtime-priority}).
     *
     * @throws io.trunkline.core.config.ConfigException when the process may not
     */
    public void runRealtime(int priority) {
        List<Long> tids = RealtimeLoops.apply(callLoops.keySet(), priority);
        LOG.info("{} I/O event loop(s) in the real-time FIFO class at priority {} (threads {})", tids.size(),
                priority, tids);
    }

    /** The loops in order, for tests that need to occupy one of them. */
    public List<CallLoop> callLoops() {
        return List.copyOf(callLoops.values());
    }

    @Override
    public CallLoop next() {
        return callLoops.get((EventLoop) group.next());
    }

    public EventLoopGroup group() {
        return group;
    }

    /** The UDP transport of the loops, for the media engine. */
    public UdpTransport udpTransport() {
        return transport;
    }

    /** TCP client channels (agent WebSockets). */
    public ChannelFactory<? extends SocketChannel> socketChannels() {
        return new ReflectiveChannelFactory<>(epoll() ? EpollSocketChannel.class : NioSocketChannel.class);
    }

    /**
     * Agent connections: client channels of the loops' transport and an asynchronous DNS resolver (the system's
     * resolv.conf servers), so a host-name lookup never blocks a loop that carries other calls' media.
     */
    public ClientTransport clientTransport() {
        if (resolver == null) {
            resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                    .datagramChannelFactory(transport.channelFactory())
                    .socketChannelFactory(socketChannels()));
        }
        return new ClientTransport(socketChannels(), resolver);
    }

    /**
     * Builds each loop's host-name resolver now (system resolver configuration read, nothing sent) rather than in
     * the first agent connection each loop carries, which would pay for it during a call's set-up.
     */
    public void prepareResolvers() {
        if (resolver == null) {
            return;
        }
        for (EventLoop loop : callLoops.keySet()) {
            resolver.getResolver(loop);
        }
    }

    /** TCP server channels (the embedded demo agent). */
    public ChannelFactory<? extends ServerSocketChannel> serverSocketChannels() {
        return new ReflectiveChannelFactory<>(epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
    }

    private boolean epoll() {
        return transport == UdpTransport.EPOLL;
    }

    /** Stops the loops, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        if (resolver != null) {
            resolver.close();
        }
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeout.toMillis() + 1000);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
