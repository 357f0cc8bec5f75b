package io.trunkline.rtp.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.rtp.dtmf.DtmfReceiver;
import io.trunkline.rtp.rtcp.ReportBlock;
import io.trunkline.rtp.rtcp.RtcpParseResult;
import io.trunkline.rtp.rtcp.RtcpParser;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carrier-facing media of one call over a pair of UDP channels, everything on the call's event loop: inbound
 * RTP through {@link RtpReceiver} to the listener, agent audio through {@link PlayoutEncoder} into the
 * {@link PlayoutQueue}, and a {@link Pacer} sending one packet every 20 ms to the negotiated (or latched) address.
 * The RTCP channel keeps the far end's reports ({@link FarEndReports}) and sends ours ({@link RtcpReporter}).
 *
 * <p>Instrumentation: every packet, report and latency goes to a {@link LegObserver} (gateway-wide metrics) and the
 * latencies also into per-call histograms ({@link GatewayLatencies}) that end up in the call record. Every drop
 * goes once, from where it happens, to the listener ({@link io.trunkline.core.observe.DropObserver}), which counts
 * it for the call and the metrics; every packet of agent audio sent is reported to it too, with its send time.
 *
 * <p>A re-INVITE keeps the codec and payload types negotiated at open; it changes the remote address and the
 * direction only.
 */
public final class UdpMediaLeg implements MediaLeg {

    private static final Logger log = LoggerFactory.getLogger(UdpMediaLeg.class);

    /** G.711 bytes per millisecond. */
    static final int CARRIER_BYTES_PER_MS = 8;
    /** The playout queue starts this big and grows on demand up to the configured cap. */
    static final int INITIAL_QUEUE_MILLIS = 2000;

    private final String callId;
    private final CallLoop loop;
    private final LegObserver observer;
    private final BoundPorts ports;
    private final Consumer<PortPair> portRelease;
    private final InetSocketAddress localRtp;
    private final SourceFilter sources;
    private final ReceiveStatistics statistics = new ReceiveStatistics(8000);
    private final InboundDrops drops;
    private final InactivityMonitor inactivity;
    private final DatagramHandler rtpHandler;
    private final DatagramHandler rtcpHandler;
    private final PlayoutQueue queue;
    private final PlayoutEncoder encoder;
    private final RtpSender sender;
    private final Pacer pacer;
    private final PacerTimer pacerTimer;
    private final FarEndReports farEnd;
    private final GatewayLatencies latencies;
    private final OutboundTiming outboundTiming;
    private final RtcpReporter rtcpReporter;
    private final PacerClock pacerClock;
    private InetSocketAddress rtcpSource;
    private MediaOffer offer;
    private boolean started;
    private boolean closed;

    UdpMediaLeg(String callId, CallLoop loop, BoundPorts ports, Consumer<PortPair> portRelease, RtpConfig config,
                InetAddress bindAddress, MediaOffer offer, AudioFormat agentFormat, MediaLegListener listener,
                LongSupplier nanoClock, RandomGenerator random, LegObserver observer, PacerClock pacerClock) {
        this.callId = callId;
        this.loop = loop;
        this.observer = observer;
        this.ports = ports;
        this.portRelease = portRelease;
        this.offer = offer;
        this.localRtp = new InetSocketAddress(bindAddress, ports.pair().rtpPort());
        this.sources = new SourceFilter(offer.remoteRtp(), config.latching());
        this.pacerClock = pacerClock;
        this.drops = new InboundDrops(callId, listener);
        this.inactivity = new InactivityMonitor(loop, config.inactivityTimeout().toNanos(), nanoClock,
                listener::onInactivity);
        this.latencies = new GatewayLatencies(observer);
        RtpReceiver receiver = new RtpReceiver(offer.payloadType(), offer.telephoneEventPayloadType(), sources,
                statistics, new DtmfReceiver(), new CallerAudioPath(offer.codec(), agentFormat,
                listener::onCallerAudio), listener, drops, inactivity, observer, latencies, nanoClock);
        this.rtpHandler = new DatagramHandler(callId, receiver, observer);
        this.rtcpHandler = new DatagramHandler(callId, this::onRtcp, observer);

        int maxQueueBytes = config.playoutQueueMillis() * CARRIER_BYTES_PER_MS;
        this.queue = new PlayoutQueue(Math.min(maxQueueBytes, INITIAL_QUEUE_MILLIS * CARRIER_BYTES_PER_MS),
                maxQueueBytes);
        EnqueueTimeline timeline = new EnqueueTimeline();
        this.encoder = new PlayoutEncoder(agentFormat, offer.codec(), queue, timeline, nanoClock, listener);
        long ssrc = random.nextLong() & 0xffff_ffffL;
        this.sender = new RtpSender(ports.rtp(), offer.payloadType(), ssrc, sources::target, listener);
        this.outboundTiming = new OutboundTiming(timeline, latencies, observer, nanoClock);
        this.pacer = new Pacer(queue, sender, silenceByte(offer.codec()), random.nextInt(0x10000),
                random.nextLong() & 0xffff_ffffL, Pacer.Probe.both(outboundTiming, new SentAudio(listener, nanoClock)),
                listener, observer);
        this.pacerTimer = new PacerTimer(callId, pacerClock, pacer);
        this.farEnd = new FarEndReports(ssrc, 8000, observer);
        this.rtcpReporter = new RtcpReporter(loop, ports.rtcp(), this::rtcpTarget, pacer, ssrc,
                callId + "@trunkline", statistics, farEnd, observer, nanoClock, () -> 0.5 + random.nextDouble());

        // Auto-read stays off until start(), so no datagram is read before these handlers are in place.
        ports.rtp().pipeline().addLast("rtp", rtpHandler);
        ports.rtcp().pipeline().addLast("rtcp", rtcpHandler);
    }

    /** The G.711 code of a zero sample: 0xFF in μ-law, 0xD5 in A-law. */
    static byte silenceByte(AudioFormat codec) {
        return codec == AudioFormat.PCMA_8K ? (byte) 0xD5 : (byte) 0xFF;
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        return localRtp;
    }

    @Override
    public void start() {
        checkLoop();
        if (started || closed) {
            return;
        }
        started = true;
        ports.rtp().config().setAutoRead(true);
        ports.rtcp().config().setAutoRead(true);
        applyDirection();
        pacerTimer.start();
        rtcpReporter.start();
        log.debug("call {}: media started on {} toward {}", callId, localRtp, offer.remoteRtp());
    }

    @Override
    public void update(MediaOffer newOffer) {
        checkLoop();
        if (closed) {
            return;
        }
        if (newOffer.codec() != offer.codec() || newOffer.payloadType() != offer.payloadType()) {
            log.warn("call {}: re-offer changes the codec to {}/{}; keeping {}/{}", callId, newOffer.codec(),
                    newOffer.payloadType(), offer.codec(), offer.payloadType());
        }
        offer = newOffer;
        sources.retarget(newOffer.remoteRtp());
        applyDirection();
    }

    /** Sends only while the carrier receives; expects packets (inactivity timer) only while it sends. */
    private void applyDirection() {
        InetAddress remote = offer.remoteRtp().getAddress();
        // c=0.0.0.0 is the old (RFC 2543) way of putting a call on hold.
        boolean nullAddress = remote == null || remote.isAnyLocalAddress();
        boolean send = offer.direction().receives() && !nullAddress;
        if (send != pacer.sending()) {
            outboundTiming.restartIntervals();
        }
        pacer.sending(send);
        if (!started) {
            return;
        }
        if (offer.direction().sends() && !nullAddress) {
            inactivity.arm();
        } else {
            inactivity.disarm();
        }
    }

    @Override
    public int play(ByteBuffer agentAudio) {
        checkLoop();
        if (closed) {
            return agentAudio.remaining();
        }
        return encoder.play(agentAudio);
    }

    @Override
    public void clear() {
        checkLoop();
        if (!closed) {
            queue.clear();
        }
    }

    @Override
    public int queuedMillis() {
        checkLoop();
        return queue.size() / CARRIER_BYTES_PER_MS;
    }

    @Override
    public void whenPlayedOut(Runnable task) {
        checkLoop();
        if (closed) {
            task.run(); // nothing will be played any more
        } else {
            queue.whenReadPast(task);
        }
    }

    @Override
    public MediaStats stats() {
        return new MediaStats(statistics.snapshot(), farEnd.outbound(pacer.packetsSent(), pacer.payloadBytesSent()),
                latencies.timings(), farEnd.stats(pacer.packetsSent()));
    }

    /** Closes on the loop; from another thread the close is handed over to it. */
    @Override
    public void close() {
        loop.run(this::close0);
    }

    private void close0() {
        if (closed) {
            return;
        }
        closed = true;
        pacerTimer.stop();
        pacerClock.release();
        rtcpReporter.stop(); // the last report, with BYE, goes out before the channel closes
        inactivity.disarm();
        queue.release();
        ChannelFuture rtpClosed = ports.rtp().close();
        ChannelFuture rtcpClosed = ports.rtcp().close();
        // The ports go back to the pool only once both sockets are really closed.
        rtpClosed.addListener(a -> rtcpClosed.addListener(b -> portRelease.accept(ports.pair())));
        log.debug("call {}: media closed ({} packets sent, {} received)", callId, pacer.packetsSent(),
                statistics.packetsReceived());
    }

    private void onRtcp(ByteBuf datagram, InetSocketAddress sender, long arrivalNanos) {
        InetAddress from = sender.getAddress();
        if (!from.equals(sources.target().getAddress()) && !from.equals(offer.remoteRtcp().getAddress())) {
            drops.rtcpBySource();
            return;
        }
        RtcpParseResult result = RtcpParser.parse(datagram);
        if (!result.ok()) {
            drops.rtcpMalformed();
            return;
        }
        rtcpSource = sender;
        farEnd.onRtcp(result, arrivalNanos);
    }

    /** Where our RTCP goes: where the carrier's comes from once it sent some (NAT), else its SDP address. */
    private InetSocketAddress rtcpTarget() {
        return rtcpSource != null ? rtcpSource : offer.remoteRtcp();
    }

    private void checkLoop() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("media leg of call " + callId + " used off its loop");
        }
    }

    // ---- counters, for metrics and tests ----------------------------------------------------------------------

    /** Where outbound RTP currently goes. */
    public InetSocketAddress remoteTarget() {
        return sources.target();
    }

    /** The latest report block the far end sent about our stream, or null. */
    public ReportBlock farEndReport() {
        return farEnd.latestBlock();
    }

    /** RTCP compound packets sent. */
    public long rtcpReportsSent() {
        return rtcpReporter.reportsSent();
    }

    /** The latest round-trip time from the carrier's reports, in milliseconds, or -1. */
    public double roundTripMillis() {
        return farEnd.roundTripMillis();
    }

    /** Current playout queue capacity in bytes (grows on demand). */
    public int playoutCapacityBytes() {
        return queue.capacity();
    }

    boolean closed() {
        return closed;
    }

    Pacer pacer() {
        return pacer;
    }
}
