package io.trunkline.rtp.receive;

import static io.trunkline.rtp.testing.RtpPackets.EVENT;
import static io.trunkline.rtp.testing.RtpPackets.PCMU;
import static io.trunkline.rtp.testing.RtpPackets.event;
import static io.trunkline.rtp.testing.RtpPackets.rtp;
import static io.trunkline.rtp.testing.RtpPackets.ulawTone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.testing.ManualCallLoop;
import io.trunkline.rtp.stats.ReceiveStatistics;
import io.trunkline.rtp.testing.RecordingListener;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inbound chain without sockets: datagrams go straight into the receiver. */
class RtpReceiverTest {

    private static final InetSocketAddress CARRIER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.9", 40000);
    private static final long SSRC = 0x1234_5678L;

    private final ManualCallLoop loop = ManualCallLoop.inline();
    private final RecordingListener listener = new RecordingListener();
    private final ReceiveStatistics statistics = new ReceiveStatistics(8000);
    private final InboundDrops drops = new InboundDrops("test", listener);
    private SourceFilter sources;
    private RtpReceiver receiver;

    private void build(boolean latching, AudioFormat agentFormat) {
        sources = new SourceFilter(CARRIER, latching);
        InactivityMonitor inactivity = new InactivityMonitor(loop, 1_000_000_000L, loop::nanoTime,
                listener::onInactivity);
        receiver = new RtpReceiver(PCMU, EVENT, sources, statistics,
                new CallerAudioPath(AudioFormat.PCMU_8K, agentFormat, listener::onCallerAudio), listener, drops,
                inactivity);
    }

    private void receive(byte[] datagram, InetSocketAddress from) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            receiver.onDatagram(buf, from, loop.nanoTime());
            assertEquals(0, buf.readerIndex(), "the receiver reads without consuming");
        } finally {
            buf.release();
        }
    }

    private void audio(int seq, int samples) {
        receive(rtp(false, PCMU, seq, 1000L + seq * (long) samples, SSRC, ulawTone(seq * samples, samples)), CARRIER);
    }

    @Test
    void everyTwentyMillisecondsOfInputBecomesOneFrameWhateverThePacketisation() {
        build(false, AudioFormat.PCM16_16K);
        for (int seq = 0; seq < 6; seq++) {
            receive(rtp(false, PCMU, seq, 80L * seq, SSRC, ulawTone(80 * seq, 80)), CARRIER); // 10 ms
        }
        assertEquals(3, listener.frames.size(), "60 ms in 10 ms packets");
        for (int seq = 6; seq < 10; seq++) {
            receive(rtp(false, PCMU, seq, 480 + 240L * (seq - 6), SSRC, ulawTone(240 * seq, 240)), CARRIER); // 30 ms
        }
        assertEquals(9, listener.frames.size(), "plus 120 ms in 30 ms packets");
        listener.frames.forEach(f -> assertEquals(640, f.length, "20 ms of PCM16 at 16 kHz"));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aNewSsrcStartsANewFrameInsteadOfFinishingTheOldStreamsPartialOne() {
        build(false, AudioFormat.PCMU_8K);
        byte[] oldHalf = filled(80, 0x33);
        byte[] newFirst = filled(80, 0x11);
        byte[] newSecond = filled(80, 0x22);
        receive(rtp(false, PCMU, 0, 0, SSRC, oldHalf), CARRIER); // 10 ms, then the stream ends
        receive(rtp(false, PCMU, 500, 9000, SSRC + 1, newFirst), CARRIER); // a new source, 10 ms
        assertEquals(0, listener.frames.size(), "the old stream's 10 ms are not glued to the new one's");
        receive(rtp(false, PCMU, 501, 9080, SSRC + 1, newSecond), CARRIER);
        assertEquals(1, listener.frames.size());
        byte[] expected = new byte[160];
        System.arraycopy(newFirst, 0, expected, 0, 80);
        System.arraycopy(newSecond, 0, expected, 80, 80);
        assertArrayEquals(expected, listener.frames.get(0), "the frame is the new stream's first 20 ms");
    }

    @Test
    void framesFollowTheAgentFormat() {
        build(false, AudioFormat.PCMU_8K);
        audio(0, 160);
        audio(1, 160);
        assertEquals(2, listener.frames.size());
        assertEquals(160, listener.frames.get(0).length);
        assertTrue(java.util.Arrays.equals(ulawTone(160, 160), listener.frames.get(1)), "μ-law passes through");
    }

    @Test
    void duplicatesAndLatePacketsAreCountedInTheStatisticsOnlyAndNotPlayed() {
        build(false, AudioFormat.PCMU_8K);
        audio(0, 160);
        audio(1, 160);
        audio(1, 160); // duplicate
        audio(3, 160);
        audio(2, 160); // late
        audio(4, 160);
        assertEquals(4, listener.frames.size());
        assertEquals(5, statistics.packetsReceived());
        assertEquals(1, statistics.duplicates());
        assertEquals(1, statistics.outOfOrder());
        assertEquals(java.util.Map.of(), listener.drops, "statistics, not drops: counted once, there");
    }

    @Test
    void foreignSourcesAreDroppedAndCounted() {
        build(false, AudioFormat.PCMU_8K);
        receive(rtp(false, PCMU, 0, 0, SSRC, ulawTone(0, 160)), STRANGER);
        audio(1, 160);
        assertEquals(1, listener.drops(DropReason.RTP_SOURCE));
        assertEquals(1, listener.frames.size());
        assertEquals(1, statistics.packetsReceived(), "a foreign packet does not reach the statistics");
    }

    @Test
    void latchingAcceptsTheFirstValidSourceOnly() {
        build(true, AudioFormat.PCMU_8K);
        receive(new byte[] {1, 2, 3}, STRANGER); // garbage does not latch
        receive(rtp(false, 13, 0, 0, SSRC, new byte[1]), STRANGER); // nor does a payload type we did not offer
        receive(rtp(false, PCMU, 5, 0, SSRC, ulawTone(0, 160)), STRANGER);
        audio(6, 160); // from the SDP address, now refused
        assertEquals(STRANGER, sources.target());
        assertEquals(1, listener.frames.size());
        assertEquals(1, listener.drops(DropReason.RTP_SOURCE));
        assertEquals(1, listener.drops(DropReason.RTP_MALFORMED));
        assertEquals(1, listener.drops(DropReason.RTP_PAYLOAD_TYPE));
    }

    @Test
    void malformedPacketsAreDroppedAndCounted() {
        build(false, AudioFormat.PCMU_8K);
        receive(new byte[5], CARRIER);
        byte[] v1 = rtp(false, PCMU, 0, 0, SSRC, new byte[160]);
        v1[0] = 0x40;
        receive(v1, CARRIER);
        byte[] csrcs = rtp(false, PCMU, 0, 0, SSRC, new byte[8]);
        csrcs[0] = (byte) 0x8f; // 15 CSRCs announced, 8 bytes follow
        receive(csrcs, CARRIER);
        assertEquals(3, listener.drops(DropReason.RTP_MALFORMED), "each counted once, whatever the parse error");
        assertEquals(0, statistics.packetsReceived());
    }

    @Test
    void telephoneEventWithRepeatedEndIsReportedOnceAndCountsInTheStream() {
        build(false, AudioFormat.PCMU_8K);
        audio(0, 160);
        long ts = 5000;
        int seq = 1;
        receive(rtp(true, EVENT, seq++, ts, SSRC, event(5, false, 10, 160)), CARRIER);
        receive(rtp(false, EVENT, seq++, ts, SSRC, event(5, false, 10, 320)), CARRIER);
        for (int i = 0; i < 3; i++) {
            receive(rtp(false, EVENT, seq++, ts, SSRC, event(5, true, 10, 800)), CARRIER);
        }
        receive(rtp(false, EVENT, seq - 1, ts, SSRC, event(5, true, 10, 800)), CARRIER); // same seq again
        audio(seq, 160);
        assertEquals(List.of(new DtmfDigit('5', 100)), listener.digits);
        assertEquals(0, statistics.cumulativeLost(), "event packets fill the sequence space");
        assertEquals(2, listener.frames.size());
    }

    @Test
    void eventsWithTheirOwnSsrcInterleavedWithAudioAreReportedOnce() {
        // Some senders (SIPp playing an RFC 2833 capture) send events with another SSRC than their audio.
        build(false, AudioFormat.PCMU_8K);
        long eventSsrc = SSRC + 7;
        long ts = 90_000;
        int seq = 40_000;
        int audioSeq = 0;
        audio(audioSeq++, 160);
        receive(rtp(true, EVENT, seq++, ts, eventSsrc, event(4, false, 10, 160)), CARRIER);
        audio(audioSeq++, 160);
        for (int i = 0; i < 3; i++) {
            receive(rtp(false, EVENT, seq++, ts, eventSsrc, event(4, true, 10, 800)), CARRIER);
            audio(audioSeq++, 160);
        }
        assertEquals(List.of(new DtmfDigit('4', 100)), listener.digits);
    }

    @Test
    void validPacketsKeepTheInactivityTimerAway() {
        build(false, AudioFormat.PCMU_8K);
        InactivityMonitor inactivity = new InactivityMonitor(loop, 1_000_000_000L, loop::nanoTime,
                listener::onInactivity);
        receiver = new RtpReceiver(PCMU, EVENT, sources, statistics,
                new CallerAudioPath(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K, listener::onCallerAudio), listener,
                drops, inactivity);
        inactivity.arm();
        for (int seq = 0; seq < 100; seq++) {
            loop.advanceNanos(20_000_000L);
            audio(seq, 160);
            receive(rtp(false, PCMU, seq, 0, SSRC, new byte[160]), STRANGER); // does not count as activity
        }
        assertEquals(0, listener.inactivity.get());
        for (int i = 0; i < 60; i++) {
            loop.advanceNanos(20_000_000L);
            receive(rtp(false, PCMU, 200 + i, 0, SSRC, new byte[160]), STRANGER);
        }
        assertEquals(1, listener.inactivity.get(), "foreign packets do not keep a dead call alive");
    }
}
