package io.trunkline.rtp.receive;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.rtp.dtmf.DtmfReceiver;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.net.InetSocketAddress;

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
 * <p>Each packet's place in the stream, each frame of audio it completed and each key press are reported to the
 * attached {@link MediaProbe}.
 */
public final class RtpReceiver implements DatagramHandler.Consumer {

    private final RtpHeader header = new RtpHeader();
    private final DtmfReceiver dtmf = new DtmfReceiver();
    private final int audioPayloadType;
    private final int eventPayloadType;
    private final SourceFilter sources;
    private final ReceiveStatistics statistics;
    private final CallerAudioPath audio;
    private final MediaLegListener listener;
    private final InboundDrops drops;
    private final InactivityMonitor inactivity;
    private MediaProbe probe = MediaProbe.NONE;
    private final StreamSource audioSource = new StreamSource();
    private final StreamSource eventSource = new StreamSource();

    /**
     * @param audioPayloadType the negotiated payload type of the carrier codec
     * @param eventPayloadType the negotiated telephone-event payload type, or -1
     */
    public RtpReceiver(int audioPayloadType, int eventPayloadType, SourceFilter sources, ReceiveStatistics statistics,
            CallerAudioPath audio, MediaLegListener listener, InboundDrops drops, InactivityMonitor inactivity) {
        this.audioPayloadType = audioPayloadType;
        this.eventPayloadType = eventPayloadType;
        this.sources = sources;
        this.statistics = statistics;
        this.audio = audio;
        this.listener = listener;
        this.drops = drops;
        this.inactivity = inactivity;
    }

    /** Reports every packet, forwarded frame and key press to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
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
        probe.rtpReceived(header.payloadLength(), statistics.packetsReceived() != receivedBefore, order);
        if (payloadType == audioPayloadType) {
            onAudio(datagram, order, arrivalNanos);
        } else {
            onTelephoneEvent(datagram);
        }
    }

    /** Duplicates and late packets are not played; the statistics (and the probe) have counted them. */
    private void onAudio(ByteBuf datagram, PacketOrder order, long arrivalNanos) {
        if (order == PacketOrder.DUPLICATE || order == PacketOrder.OUT_OF_ORDER) {
            return;
        }
        if (audioSource.changedTo(header.ssrc())) {
            audio.newStream();
        }
        if (audio.onPayload(datagram, header.payloadOffset(), header.payloadLength()) > 0) {
            probe.callerAudioForwarded(arrivalNanos);
        }
    }

    /**
     * Events from a new SSRC are a new stream: event timestamps of the old one mean nothing in it. Only event packets
     * count here: a sender that sends its events with another SSRC than its audio, packets interleaved, must not
     * have each event's repeated end packets taken for new key presses.
     */
    private void onTelephoneEvent(ByteBuf datagram) {
        if (eventSource.changedTo(header.ssrc())) {
            dtmf.reset();
        }
        int readerIndex = datagram.readerIndex();
        DtmfDigit digit;
        datagram.readerIndex(header.payloadOffset());
        try {
            digit = dtmf.onPacket(header.timestamp(), datagram, header.payloadLength());
        } finally {
            datagram.readerIndex(readerIndex);
        }
        if (digit != null) {
            probe.dtmf(digit);
            listener.onDtmf(digit);
        }
    }

    /** The SSRC of one kind of packet (audio, or events), to tell when a new stream of that kind starts. */
    private static final class StreamSource {
        private boolean known;
        private long ssrc;

        /** Whether {@code next} starts a new stream (the first one included); remembers it. */
        boolean changedTo(long next) {
            if (known && next == ssrc) {
                return false;
            }
            known = true;
            ssrc = next;
            return true;
        }
    }
}
