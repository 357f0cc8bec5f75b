package io.trunkline.rtp.engine;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.rtp.playout.DtmfPlayout;
import io.trunkline.rtp.playout.OutboundTiming;
import io.trunkline.rtp.playout.Pacer;
import io.trunkline.rtp.playout.PacerClock;
import io.trunkline.rtp.playout.PacerTimer;
import io.trunkline.rtp.playout.Playout;
import io.trunkline.rtp.playout.PlayoutEncoder;
import io.trunkline.rtp.playout.PlayoutQueue;
import io.trunkline.rtp.playout.RtpSender;
import io.trunkline.rtp.playout.SentAudio;
import io.trunkline.rtp.ports.BoundPorts;
import io.trunkline.rtp.ports.PortPair;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.receive.CallerAudioPath;
import io.trunkline.rtp.receive.DatagramHandler;
import io.trunkline.rtp.receive.InactivityMonitor;
import io.trunkline.rtp.receive.InboundDrops;
import io.trunkline.rtp.receive.RtpReceiver;
import io.trunkline.rtp.receive.SourceFilter;
import io.trunkline.rtp.rtcp.FarEndReports;
import io.trunkline.rtp.rtcp.RtcpReceiver;
import io.trunkline.rtp.rtcp.RtcpReporter;
import io.trunkline.rtp.rtcp.RtcpSession;
import io.trunkline.rtp.srtp.SrtpStage;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Builds the stages of one {@link UdpMediaLeg} and attaches the probes that measure them: {@link LegMetrics} (the
 * gateway-wide metrics and the inbound latency) on every stage, {@link OutboundTiming} on the encoder and the
 * pacer, and {@link SentAudio} (what the caller hears, for the call's speech timing) on the pacer; with SRTP keys,
 * the {@link SrtpStage} first in both channels. Runs on the
 * call's loop, once per leg.
 */
final class MediaLegAssembler {

    /** The G.711 clock rate. */
    static final int CLOCK_RATE = 8000;
    /** The playout queue starts this big and grows on demand up to the configured cap. */
    static final int INITIAL_QUEUE_MILLIS = 2000;

    private final String callId;
    private final CallLoop loop;
    private final RtpConfig config;
    private final MediaOffer offer;
    private final MediaLegListener listener;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final GatewayLatencies latencies;
    private final MediaProbe metrics;
    private final long ssrc;

    MediaLegAssembler(String callId, CallLoop loop, RtpConfig config, MediaOffer offer, MediaLegListener listener,
            LegObserver observer, LongSupplier nanoClock, RandomGenerator random) {
        this.callId = callId;
        this.loop = loop;
        this.config = config;
        this.offer = offer;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.random = random;
        this.latencies = new GatewayLatencies(observer);
        this.metrics = new LegMetrics(observer, latencies, nanoClock);
        this.ssrc = random.nextLong() & 0xffff_ffffL;
    }

    /** The leg on {@code ports}, toward the offer, paced by {@code pacerClock}; its handlers are in place. */
    UdpMediaLeg assemble(BoundPorts ports, Consumer<PortPair> portRelease, PacerClock pacerClock,
            AudioFormat agentFormat) {
        SourceFilter sources = new SourceFilter(offer.remoteRtp(), config.latching());
        ReceiveStatistics statistics = new ReceiveStatistics(CLOCK_RATE);
        InactivityMonitor inactivity = new InactivityMonitor(loop, config.inactivityTimeout().toNanos(), nanoClock,
                listener::onInactivity);
        CallerAudioPath callerAudio = new CallerAudioPath(offer.codec(), agentFormat, listener::onCallerAudio);
        RtpReceiver receiver = new RtpReceiver(offer.payloadType(), offer.telephoneEventPayloadType(), sources,
                statistics, callerAudio, listener, new InboundDrops(callId, listener), inactivity);
        receiver.probe(metrics);
        Playout playout = playout(ports, sources, pacerClock, agentFormat);

        FarEndReports farEnd = new FarEndReports(ssrc, CLOCK_RATE);
        farEnd.probe(metrics);
        RtcpReceiver rtcpReceiver = new RtcpReceiver(sources::target, offer.remoteRtcp(), farEnd, listener);
        RtcpReporter reporter = new RtcpReporter(loop, ports.rtcp(), rtcpReceiver::target, playout.sent(), ssrc,
                callId + "@trunkline", statistics, farEnd, nanoClock, () -> 0.5 + random.nextDouble());
        reporter.probe(metrics);

        // Auto-read stays off until the leg starts, so no datagram is read before these handlers are in place.
        ports.rtp().pipeline().addLast("rtp", handler(receiver));
        ports.rtcp().pipeline().addLast("rtcp", handler(rtcpReceiver::onDatagram));
        // SRTP sits next to the socket: it checks and decrypts before anything above parses, and protects what
        // the pacer and the reporter wrote on its way out.
        SrtpStage srtp = new SrtpStage(callId, ports.rtp(), ports.rtcp(), listener, nanoClock);
        srtp.keys(offer.srtp());
        return new UdpMediaLeg(callId, loop, ports, portRelease, offer, sources, callerAudio, playout,
                new RtcpSession(rtcpReceiver, reporter), new DirectionControl(playout, inactivity),
                new LegStats(statistics, playout.sent(), farEnd, latencies), srtp);
    }

    /** Encoder, queue (whose marks go to the listener) and pacer toward where {@code sources} says the caller is. */
    private Playout playout(BoundPorts ports, SourceFilter sources, PacerClock pacerClock, AudioFormat agentFormat) {
        int maxQueueBytes = config.playoutQueueMillis() * Playout.CARRIER_BYTES_PER_MS;
        int initialQueueBytes = Math.min(maxQueueBytes, INITIAL_QUEUE_MILLIS * Playout.CARRIER_BYTES_PER_MS);
        PlayoutQueue queue = new PlayoutQueue(initialQueueBytes, maxQueueBytes, listener::onMarkPlayed);
        OutboundTiming timing = new OutboundTiming(latencies, nanoClock);
        PlayoutEncoder encoder = new PlayoutEncoder(agentFormat, offer.codec(), queue, listener);
        encoder.probe(timing);
        RtpSender sender = new RtpSender(ports.rtp(), offer.payloadType(), ssrc, sources::target, listener);
        Pacer pacer = new Pacer(queue, sender, silenceByte(offer.codec()), random.nextInt(0x10000),
                random.nextLong() & 0xffff_ffffL, listener);
        pacer.probe(MediaProbe.all(metrics, timing, new SentAudio(listener, nanoClock)));
        return new Playout(encoder, queue, pacer, new PacerTimer(callId, pacerClock, pacer), pacerClock,
                new DtmfPlayout(offer.telephoneEventPayloadType(), ssrc));
    }

    private DatagramHandler handler(DatagramHandler.Consumer consumer) {
        DatagramHandler handler = new DatagramHandler(callId, consumer);
        handler.probe(metrics);
        return handler;
    }

    /** The G.711 code of a zero sample: 0xFF in μ-law, 0xD5 in A-law. */
    private static byte silenceByte(AudioFormat codec) {
        return codec == AudioFormat.PCMA_8K ? (byte) 0xD5 : (byte) 0xFF;
    }
}
