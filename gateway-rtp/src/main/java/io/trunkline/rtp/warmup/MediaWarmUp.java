package io.trunkline.rtp.warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.rtp.codec.AudioConverter;
import io.trunkline.rtp.codec.G711;
import io.trunkline.rtp.dtmf.DtmfReceiver;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.packet.RtpWriter;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import io.trunkline.rtp.rtcp.packet.RtcpWriter;
import io.trunkline.rtp.rtcp.packet.SenderReport;
import io.trunkline.rtp.srtp.SrtpWarmUp;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.util.List;

/**
 * Synthetic work through the media of a call, for the gateway to run before it reports ready: a second of a tone
 * goes through G.711 (μ-law and A-law) both ways and through every converter a call may use (8↔16 kHz resampling
 * included), RTP packets are written, parsed and counted in the receive statistics, an RFC 4733 digit is read, and
 * RTCP sender and receiver reports are written and parsed, SRTP and SRTCP packets protected and checked. Nothing is
 * sent anywhere.
 */
public final class MediaWarmUp {
    private static final int FRAMES = 50;
    private static final List<AudioFormat[]> PAIRS = List.of(
            new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCM16_16K},
            new AudioFormat[] {AudioFormat.PCM16_16K, AudioFormat.PCMU_8K},
            new AudioFormat[] {AudioFormat.PCMA_8K, AudioFormat.PCM16_16K},
            new AudioFormat[] {AudioFormat.PCM16_16K, AudioFormat.PCMA_8K},
            new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCM16_8K},
            new AudioFormat[] {AudioFormat.PCM16_8K, AudioFormat.PCMU_8K},
            new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCMA_8K},
            new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCMU_8K});

    private MediaWarmUp() {
    }

    /** One round: one second of audio through codecs, converters, RTP, DTMF and RTCP. */
    public static void run() {
        short[] pcm = new short[160];
        byte[] ulaw = new byte[160];
        byte[] alaw = new byte[160];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        G711.encodeUlaw(pcm, 0, ulaw, 0, pcm.length);
        G711.encodeAlaw(pcm, 0, alaw, 0, pcm.length);
        G711.decodeUlaw(ulaw, 0, pcm, 0, ulaw.length);
        G711.decodeAlaw(alaw, 0, pcm, 0, alaw.length);
        for (AudioFormat[] pair : PAIRS) {
            convert(pair[0], pair[1]);
        }
        rtp(ulaw);
        rtcp();
        SrtpWarmUp.run();
    }

    private static void convert(AudioFormat from, AudioFormat to) {
        AudioConverter converter = AudioConverter.create(from, to);
        byte[] in = new byte[from.frameBytes()];
        byte[] out = new byte[converter.maxOutputBytes(in.length)];
        for (int i = 0; i < FRAMES; i++) {
            in[i % in.length] = (byte) (i * 7);
            converter.convert(in, 0, in.length, out, 0);
        }
        converter.reset();
    }

    private static void rtp(byte[] payload) {
        ByteBuf packet = ByteBufAllocator.DEFAULT.directBuffer(172);
        try {
            ReceiveStatistics stats = new ReceiveStatistics(8000);
            RtpHeader header = new RtpHeader();
            long start = System.nanoTime();
            for (int i = 0; i < FRAMES; i++) {
                packet.clear();
                RtpWriter.write(packet, i == 0, 0, i, 160L * i, 0x5EED, payload, 0, payload.length);
                RtpParser.parse(packet, header);
                stats.onPacket(header.ssrc(), header.sequenceNumber(), header.timestamp(), start + i * 20_000_000L,
                        header.payloadLength());
            }
            DtmfReceiver dtmf = new DtmfReceiver();
            for (int i = 0; i < 4; i++) { // digit 5: three updates, then the end
                packet.clear();
                packet.writeByte(5).writeByte(i == 3 ? 0x8A : 0x0A).writeShort(160 * (i + 1));
                dtmf.onPacket(8000, packet, 4);
            }
            dtmf.flush();
        } finally {
            packet.release();
        }
    }

    private static void rtcp() {
        ByteBuf packet = ByteBufAllocator.DEFAULT.directBuffer(256);
        try {
            ReportBlock block = new ReportBlock(0x5EED, 0, 0, 50, 3, 0, 0);
            RtcpWriter.writeCompound(packet, new SenderReport(0x7E57, 0, 8000, 50, 8000, List.of(block)),
                    "trunkline", null);
            RtcpParser.parse(packet);
            packet.clear();
            RtcpWriter.writeCompound(packet, new ReceiverReport(0x7E57, List.of(block)), "trunkline", null);
            RtcpParser.parse(packet);
        } finally {
            packet.release();
        }
    }
}
