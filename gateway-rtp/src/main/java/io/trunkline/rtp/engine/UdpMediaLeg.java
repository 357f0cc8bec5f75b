package io.trunkline.rtp.engine;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.rtp.playout.Playout;
import io.trunkline.rtp.ports.BoundPorts;
import io.trunkline.rtp.ports.PortPair;
import io.trunkline.rtp.receive.CallerAudioPath;
import io.trunkline.rtp.receive.SourceFilter;
import io.trunkline.rtp.rtcp.RtcpSession;
import io.trunkline.rtp.srtp.SrtpStage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carrier-facing media of one call over a pair of UDP channels, everything on the call's event loop. Built by
 * {@link MediaLegAssembler}: inbound RTP goes from the channel's handler through the receive stages to the
 * listener on its own; this class starts and stops the leg, applies re-offers (new addresses, hold through
 * {@link DirectionControl}), hands agent audio and marks to the {@link Playout}, and snapshots the figures.
 *
 * <p>A re-INVITE keeps the codec and payload types negotiated at open; it changes the remote addresses, the
 * direction and the SRTP keys only.
 */
final class UdpMediaLeg implements MediaLeg {

    private static final Logger log = LoggerFactory.getLogger(UdpMediaLeg.class);

    private final String callId;
    private final CallLoop loop;
    private final BoundPorts ports;
    private final Consumer<PortPair> portRelease;
    private final SourceFilter sources;
    private final CallerAudioPath callerAudio;
    private final Playout playout;
    private final RtcpSession rtcp;
    private final DirectionControl direction;
    private final LegStats stats;
    private final SrtpStage srtp;
    private MediaOffer offer;
    private boolean started;
    private boolean closed;

    UdpMediaLeg(String callId, CallLoop loop, BoundPorts ports, Consumer<PortPair> portRelease, MediaOffer offer,
            SourceFilter sources, CallerAudioPath callerAudio, Playout playout, RtcpSession rtcp, DirectionControl direction, LegStats stats,
            SrtpStage srtp) {
        this.srtp = srtp;
        this.callId = callId;
        this.loop = loop;
        this.ports = ports;
        this.portRelease = portRelease;
        this.offer = offer;
        this.sources = sources;
        this.callerAudio = callerAudio;
        this.playout = playout;
        this.rtcp = rtcp;
        this.direction = direction;
        this.stats = stats;
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        return ports.rtpAddress();
    }

    @Override
    public void start() {
        checkLoop();
        if (started || closed) {
            return;
        }
        started = true;
        ports.startReading();
        direction.apply(offer, true);
        playout.start();
        rtcp.start();
        log.debug("call {}: media started on {} toward {}", callId, ports.rtpAddress(), offer.remoteRtp());
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
        srtp.keys(newOffer.srtp());
        sources.retarget(newOffer.remoteRtp());
        rtcp.retarget(newOffer.remoteRtcp());
        direction.apply(newOffer, started);
    }

    @Override
    public int play(ByteBuffer agentAudio) {
        checkLoop();
        return closed ? agentAudio.remaining() : playout.play(agentAudio);
    }

    @Override
    public void clear() {
        checkLoop();
        if (!closed) {
            playout.clear();
        }
    }

    @Override
    public int queuedMillis() {
        checkLoop();
        return closed ? 0 : playout.queuedMillis();
    }

    /** {@inheritDoc} A closed leg plays nothing more and reports no mark. */
    @Override
    public void mark(String name) {
        checkLoop();
        if (!closed) {
            playout.mark(name);
        }
    }

    @Override
    public boolean sendDtmf(String digits) {
        checkLoop();
        return !closed && playout.sendDtmf(digits);
    }

    @Override
    public void reformat(AudioFormat format) {
        checkLoop();
        if (!closed) {
            callerAudio.reformat(format);
            playout.reformat(format);
            log.debug("call {}: audio now exchanged as {}", callId, format);
        }
    }

    @Override
    public MediaStats stats() {
        return stats.snapshot();
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
        playout.close();
        rtcp.stop(); // the last report, with BYE, goes out before the channel closes
        direction.stop();
        ports.close(portRelease);
        srtp.close(); // after the last report went out protected
        log.debug("call {}: media closed ({} packets sent, {} received)", callId, stats.packetsSent(),
                stats.packetsReceived());
    }

    private void checkLoop() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("media leg of call " + callId + " used off its loop");
        }
    }
}
