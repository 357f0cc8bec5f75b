package io.trunkline.rtp.engine;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.rtp.dtmf.DtmfReceiver;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * The inbound RTP path of one leg, one step per concern: source check, parse, payload-type dispatch, statistics,
 * then audio (in-order packets only) to the caller-audio path or telephone events to the DTMF receiver. Every
 * drop goes once to {@link InboundDrops}. The datagram is borrowed: its owner releases it after this returns.
 *
 * <p>Telephone events share the audio stream's SSRC and sequence numbers (RFC 4733 §2.1), so they are counted in
 * the statistics too; otherwise every event packet would show up as a lost audio packet. They reach the DTMF
 * receiver even when the statistics call them duplicates, since that receiver de-duplicates repeated end packets
 * itself.
 *
 * <p>Each packet is also reported to the {@link LegObserver} (accepted, duplicate, late, key press), and the
 * time from its arrival to the last frame it completed leaving for the agent is the gateway's inbound processing
 * latency.
 */
final class RtpReceiver implements DatagramHandler.Consumer {

    private final RtpHeader header = new RtpHeader();
    private final SourceFilter sources;
    private final ReceiveStatistics statistics;
    private final DtmfReceiver dtmf;
    private final CallerAudioPath audio;
    private final MediaLegListener listener;
    private final InboundDrops drops;
    private final InactivityMonitor inactivity;
    private final LegObserver observer;
    private final GatewayLatencies latencies;
    private final LongSupplier clock;
    private final int audioPayloadType;
    private final int eventPayloadType;
    private boolean hasEventSsrc;
    private long eventSsrc;

    RtpReceiver(int audioPayloadType, int eventPayloadType, SourceFilter sources, ReceiveStatistics statistics,
                DtmfReceiver dtmf, CallerAudioPath audio, MediaLegListener listener, InboundDrops drops,
                InactivityMonitor inactivity) {
        this(audioPayloadType, eventPayloadType, sources, statistics, dtmf, audio, listener, drops, inactivity,
                LegObserver.NONE, new GatewayLatencies(LegObserver.NONE), System::nanoTime);
    }

    RtpReceiver(int audioPayloadType, int eventPayloadType, SourceFilter sources, ReceiveStatistics statistics,
                DtmfReceiver dtmf, CallerAudioPath audio, MediaLegListener listener, InboundDrops drops,
                InactivityMonitor inactivity, LegObserver observer, GatewayLatencies latencies, LongSupplier clock) {
        this.observer = observer;
        this.latencies = latencies;
        this.clock = clock;
        this.audioPayloadType = audioPayloadType;
        this.eventPayloadType = eventPayloadType;
        this.sources = sources;
        this.statistics = statistics;
        this.dtmf = dtmf;
        this.audio = audio;
        this.listener = listener;
        this.drops = drops;
        this.inactivity = inactivity;
    }

    @Override
    public void onDatagram(ByteBuf datagram, InetSocketAddress sender, long arrivalNanos) {
        if (!sources.admits(sender)) {
            drops.bySource(sender, sources.target());
            return;
        }
        RtpParseError error = RtpParser.parse(datagram, header);
        if (error != RtpParseError.NONE) {
            drops.malformed(error, sender);
            return;
        }
        int payloadType = header.payloadType();
        if (payloadType != audioPayloadType && payloadType != eventPayloadType) {
            drops.payloadType();
            return;
        }
        sources.onValidPacket(sender);
        inactivity.activity(arrivalNanos);
        long receivedBefore = statistics.packetsReceived();
        PacketOrder order = statistics.onPacket(header.ssrc(), header.sequenceNumber(), header.timestamp(),
                arrivalNanos, header.payloadLength());
        observe(order, receivedBefore);
        if (payloadType == audioPayloadType) {
            onAudio(datagram, order, arrivalNanos);
        } else {
            onTelephoneEvent(datagram);
        }
    }

    private void observe(PacketOrder order, long receivedBefore) {
        if (statistics.packetsReceived() != receivedBefore) {
            observer.packetReceived(header.payloadLength());
        }
        if (order == PacketOrder.DUPLICATE) {
            observer.duplicate();
        } else if (order == PacketOrder.OUT_OF_ORDER) {
            observer.outOfOrder();
        }
    }

    /** Duplicates and late packets are not played; the statistics (and the observer) have counted them. */
    private void onAudio(ByteBuf datagram, PacketOrder order, long arrivalNanos) {
        if (order == PacketOrder.DUPLICATE || order == PacketOrder.OUT_OF_ORDER) {
            return;
        }
        if (audio.onPayload(datagram, header.payloadOffset(), header.payloadLength()) > 0) {
            latencies.inbound(clock.getAsLong() - arrivalNanos);
        }
    }

    private void onTelephoneEvent(ByteBuf datagram) {
        newEventSourceCheck();
        int readerIndex = datagram.readerIndex();
        DtmfDigit digit;
        datagram.readerIndex(header.payloadOffset());
        try {
            digit = dtmf.onPacket(header.timestamp(), datagram, header.payloadLength());
        } finally {
            datagram.readerIndex(readerIndex);
        }
        if (digit != null) {
            observer.dtmf();
            listener.onDtmf(digit);
        }
    }

    /**
     * Events from a new SSRC are a new stream: event timestamps of the old one mean nothing in it. Only event packets
     * count here: a sender that sends its events with another SSRC than its audio, packets interleaved, must not
     * have each event's repeated end packets taken for new key presses.
     */
    private void newEventSourceCheck() {
        if (!hasEventSsrc || header.ssrc() != eventSsrc) {
            hasEventSsrc = true;
            eventSsrc = header.ssrc();
            dtmf.reset();
        }
    }
}
