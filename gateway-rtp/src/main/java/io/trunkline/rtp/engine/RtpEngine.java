package io.trunkline.rtp.engine;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.MediaObserver;
import io.trunkline.rtp.playout.PacerClock;
import io.trunkline.rtp.ports.BoundPorts;
import io.trunkline.rtp.ports.RtpPortAllocator;
import io.trunkline.rtp.ports.UdpChannelBinder;
import io.trunkline.rtp.srtp.SrtpWarmUp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Netty UDP media engine: opens one {@link UdpMediaLeg} per call (built by {@link MediaLegAssembler}), with its
 * RTP and RTCP channels registered on the call's own event loop. Thread-safe: every loop opens legs; only the port allocator is shared.
 *
 * <p>Built once by the server with the transport of its event loops:
 * <pre>{@code
 * UdpTransport transport = UdpTransport.preferred();
 * EventLoopGroup loops = new MultiThreadIoEventLoopGroup(n, transport.ioHandlerFactory());
 * RtpEngine engine = new RtpEngine(config.rtp(), transport);
 * }</pre>
 */
public final class RtpEngine implements MediaLegFactory {

    private final RtpConfig config;
    private final InetAddress bindAddress;
    private final RtpPortAllocator ports;
    private final UdpChannelBinder binder;
    private final MediaObserver observer;
    /**
     * One pacer clock per event loop, while it has calls, so each loop wakes once per grid step for all its calls'
     * packets. Keyed by the Netty loop itself, whatever {@link CallLoop} object wraps it; each key is only ever
     * touched on its own loop.
     */
    private final Map<EventLoop, PacerClock> pacerClocks = new ConcurrentHashMap<>();

    /** An engine whose channels are of {@code transport}, which must be the transport of the call loops. */
    public RtpEngine(RtpConfig config, UdpTransport transport) {
        this(config, transport.channelFactory());
    }

    /** As {@link #RtpEngine(RtpConfig, UdpTransport)}, reporting every leg's media to {@code observer}. */
    public RtpEngine(RtpConfig config, UdpTransport transport, MediaObserver observer) {
        this(config, transport.channelFactory(), observer);
    }

    /**
     * An engine whose channels come from {@code channelFactory}, which must create channels of the call loops'
     * transport (e.g. {@code EpollDatagramChannel::new} on epoll loops).
     *
     * @throws ConfigException when the bind address is neither the wildcard nor an address of this host
     */
    public RtpEngine(RtpConfig config, ChannelFactory<? extends DatagramChannel> channelFactory) {
        this(config, channelFactory, MediaObserver.NONE);
    }

    /** As {@link #RtpEngine(RtpConfig, ChannelFactory)}, reporting every leg's media to {@code observer}. */
    public RtpEngine(RtpConfig config, ChannelFactory<? extends DatagramChannel> channelFactory,
            MediaObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.config = Objects.requireNonNull(config, "config");
        this.bindAddress = localAddress(config.bindAddress());
        this.ports = new RtpPortAllocator(config);
        this.binder = new UdpChannelBinder(Objects.requireNonNull(channelFactory, "channelFactory"), bindAddress);
        if (config.srtp() != SrtpMode.OFF) {
            SrtpWarmUp.run(); // the JVM's first SRTP context is slow to make: not on a call's loop
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Binds synchronously (see {@link UdpChannelBinder}): the returned leg's port is bound and known. A pair
     * that cannot be bound (taken by another process) is skipped for the next free one, a bounded number of times.
     *
     * @throws IllegalStateException when not called on {@code loop}
     */
    @Override
    public MediaLeg open(String callId, CallLoop loop, MediaOffer offer, AudioFormat agentFormat,
                         MediaLegListener listener) throws PortsExhaustedException {
        EventLoop eventLoop = onLoop(loop, "open()");
        BoundPorts bound = ports.allocate(pair -> binder.bind(eventLoop, pair));
        return assemble(callId, loop, eventLoop, bound, offer, agentFormat, listener);
    }

    /** The leg on {@code bound}, which it owns from now on (the ports are returned if assembling fails). */
    private MediaLeg assemble(String callId, CallLoop loop, EventLoop eventLoop, BoundPorts bound, MediaOffer offer,
            AudioFormat agentFormat, MediaLegListener listener) {
        PacerClock clock = pacerClock(eventLoop, loop).retain();
        try {
            return new MediaLegAssembler(callId, loop, config, offer, listener, observer.leg(offer.codec()),
                    System::nanoTime, ThreadLocalRandom.current()).assemble(bound, ports::release, clock, agentFormat);
        } catch (RuntimeException e) {
            clock.release();
            bound.close(ports::release);
            throw e;
        }
    }

    private static EventLoop onLoop(CallLoop loop, String what) {
        EventLoop eventLoop = loop.unwrap(EventLoop.class);
        if (!eventLoop.inEventLoop()) {
            throw new IllegalStateException(what + " must be called on the call's loop");
        }
        return eventLoop;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Binds synchronously, as {@link #open}. Until the leg is opened, what arrives (early media during a 183) is
     * read and dropped, so that none of it reaches the agent once the call is answered.
     *
     * @throws IllegalStateException when not called on {@code loop}
     */
    @Override
    public MediaPorts reserve(String callId, CallLoop loop) throws PortsExhaustedException {
        EventLoop eventLoop = onLoop(loop, "reserve()");
        BoundPorts bound = ports.allocate(pair -> binder.bind(eventLoop, pair));
        // Until the answer, whatever arrives (early media) is read and dropped rather than left to queue up.
        bound.rtp().pipeline().addLast(EarlyMediaDiscard.NAME, new EarlyMediaDiscard());
        bound.rtcp().pipeline().addLast(EarlyMediaDiscard.NAME, new EarlyMediaDiscard());
        bound.startReading();
        return new ReservedPorts(callId, loop, eventLoop, bound);
    }

    /** A bound pair waiting for its offer; the leg assembled on it takes the ports over. */
    final class ReservedPorts implements MediaPorts {
        private final String callId;
        private final CallLoop loop;
        private final EventLoop eventLoop;
        private BoundPorts bound;

        ReservedPorts(String callId, CallLoop loop, EventLoop eventLoop, BoundPorts bound) {
            this.callId = callId;
            this.loop = loop;
            this.eventLoop = eventLoop;
            this.bound = bound;
        }

        @Override
        public InetSocketAddress localRtpAddress() {
            if (bound == null) {
                throw new IllegalStateException("ports of call " + callId + " no longer reserved");
            }
            return bound.rtpAddress();
        }

        @Override
        public MediaLeg open(MediaOffer offer, AudioFormat agentFormat, MediaLegListener listener) {
            if (bound == null) {
                throw new IllegalStateException("ports of call " + callId + " no longer reserved");
            }
            BoundPorts taken = bound;
            bound = null;
            // Back to not reading, as the assembler expects: the leg starts reading once its handlers are in place.
            taken.rtp().config().setAutoRead(false);
            taken.rtcp().config().setAutoRead(false);
            taken.rtp().pipeline().remove(EarlyMediaDiscard.NAME);
            taken.rtcp().pipeline().remove(EarlyMediaDiscard.NAME);
            return assemble(callId, loop, eventLoop, taken, offer, agentFormat, listener);
        }

        /** Datagrams dropped on the RTP port while the ports waited for the answer. */
        long earlyMediaDropped() {
            return bound == null ? 0
                    : ((EarlyMediaDiscard) bound.rtp().pipeline().get(EarlyMediaDiscard.NAME)).dropped();
        }

        @Override
        public void release() {
            if (bound != null) {
                bound.close(ports::release);
                bound = null;
            }
        }
    }

    private PacerClock pacerClock(EventLoop eventLoop, CallLoop loop) {
        PacerClock clock = pacerClocks.get(eventLoop);
        if (clock == null) {
            PacerClock created = new PacerClock(loop, System::nanoTime, () -> pacerClocks.remove(eventLoop));
            pacerClocks.put(eventLoop, created);
            clock = created;
        }
        return clock;
    }

    /** Event loops that currently have a pacer clock (loops with at least one open leg). */
    int pacerClocks() {
        return pacerClocks.size();
    }

    @Override
    public int portPairsInUse() {
        return ports.inUse();
    }

    @Override
    public int portPairsTotal() {
        return ports.total();
    }

    /** The address legs bind to. */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    private static InetAddress localAddress(String configured) {
        try {
            InetAddress address = InetAddress.getByName(configured);
            if (address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (UnknownHostException | SocketException e) {
            // reported below, with the key
        }
        throw new ConfigException("rtp.bind-address", "the wildcard address or an address of this host", configured);
    }
}
