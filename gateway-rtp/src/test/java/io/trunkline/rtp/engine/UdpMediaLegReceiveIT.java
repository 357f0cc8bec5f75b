package io.trunkline.rtp.engine;

import static io.trunkline.rtp.testing.RtpPackets.EVENT;
import static io.trunkline.rtp.testing.RtpPackets.PCMU;
import static io.trunkline.rtp.testing.RtpPackets.event;
import static io.trunkline.rtp.testing.RtpPackets.rtp;
import static io.trunkline.rtp.testing.RtpPackets.ulawTone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.testing.Await;
import io.trunkline.rtp.testing.LoopbackPeer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real RTP over loopback into a leg on a real event loop: what the agent gets, and what is counted. */
class UdpMediaLegReceiveIT {

    private static final long SSRC = 0xCAFE_0001L;
    private static final int SEQ0 = 65_500; // the stream wraps its sequence numbers on the way
    private static final long TS0 = 4_294_960_000L; // and its timestamps

    static java.util.stream.Stream<UdpTransport> transports() {
        return LegFixture.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void callerAudioFramesStatisticsAndDtmf(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_000, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCM16_16K);
             LoopbackPeer stranger = new LoopbackPeer()) {
            f.run(f.leg::start);
            var to = f.leg.localRtpAddress();
            for (int i = 0; i < 52; i++) {
                if (i == 20 || i == 21 || i == 30) {
                    continue; // 20 and 21 are lost; 30 comes after 31
                }
                f.peer.send(audio(i), to);
                if (i == 31) {
                    f.peer.send(audio(30), to); // reordered: too late to be played
                }
                if (i == 10) {
                    f.peer.send(audio(10), to); // duplicate
                }
                if (i == 5) {
                    stranger.send(audio(5), to); // a foreign source after the leg latched onto the peer
                }
                if (i == 7) {
                    f.peer.send(new byte[] {(byte) 0x80, 0, 1, 2, 3}, to); // malformed: shorter than a header
                }
            }
            // Key 7 held for 120 ms, with the end packet sent three times (RFC 4733 §2.5.1.4).
            long eventTs = ts(TS0 + 52 * 160L);
            int seq = 52;
            f.peer.send(rtp(true, EVENT, seq(seq++), eventTs, SSRC, event(7, false, 10, 160)), to);
            f.peer.send(rtp(false, EVENT, seq(seq++), eventTs, SSRC, event(7, false, 10, 480)), to);
            f.peer.send(rtp(false, EVENT, seq(seq++), eventTs, SSRC, event(7, false, 10, 800)), to);
            for (int i = 0; i < 3; i++) {
                f.peer.send(rtp(false, EVENT, seq(seq++), eventTs, SSRC, event(7, true, 10, 960)), to);
            }

            Await.until(LegFixture.WAIT, "all 56 distinct packets counted",
                    () -> f.call(() -> f.leg.stats().inbound().packets()) == 56);
            MediaStats stats = f.call(f.leg::stats);

            assertEquals(49, f.listener.frames.size(), "50 packets received, the late one not played");
            f.listener.frames.forEach(frame -> assertEquals(640, frame.length, "20 ms of PCM16 at 16 kHz"));
            assertOneKilohertz(f.listener.frames.get(25));
            assertEquals(List.of(new DtmfDigit('7', 120)), f.listener.digits, "the key press, exactly once");

            assertEquals(2, stats.inbound().lost());
            assertEquals(1, stats.inbound().duplicates());
            assertEquals(1, stats.inbound().outOfOrder());
            assertEquals(0, stats.inbound().ssrcChanges());
            assertEquals(1, f.listener.drops(DropReason.RTP_SOURCE));
            assertEquals(1, f.listener.drops(DropReason.RTP_MALFORMED));
            // Only the caller's side: a loaded machine may make the (idle) pacer skip a slot, an outbound drop.
            assertEquals(2, f.listener.drops.keySet().stream()
                            .filter(reason -> reason.direction() == DropReason.Direction.IN).count(),
                    "late and duplicate packets are statistics, not drops");
            assertNull(stranger.receive(Duration.ofMillis(200)), "latched onto the peer: no RTP to the stranger");
            assertEquals(0, f.listener.inactivity.get());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void withoutLatchingOnlyTheSdpAddressIsHeard(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_100, 50, false, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K);
             LoopbackPeer stranger = new LoopbackPeer()) {
            f.run(f.leg::start);
            var to = f.leg.localRtpAddress();
            stranger.send(audio(0), to); // first, and still not latched onto
            for (int i = 1; i <= 3; i++) {
                f.peer.send(audio(i), to);
            }
            stranger.send(audio(4), to);
            Await.until(LegFixture.WAIT, "three frames", () -> f.listener.frames.size() == 3);
            Await.until(LegFixture.WAIT, "two foreign packets dropped",
                    () -> f.listener.drops(DropReason.RTP_SOURCE) == 2);
            assertEquals(3L, (long) f.call(() -> f.leg.stats().inbound().packets()));
            assertNull(stranger.receive(Duration.ofMillis(200)), "our RTP still goes to the SDP address");
        }
    }

    private static byte[] audio(int i) {
        return rtp(i == 0, PCMU, seq(i), ts(TS0 + 160L * i), SSRC, ulawTone(160 * i, 160));
    }

    private static int seq(int i) {
        return (SEQ0 + i) & 0xffff;
    }

    private static long ts(long t) {
        return t & 0xffff_ffffL;
    }

    /** A 20 ms frame of PCM16 at 16 kHz holding a 1 kHz tone has 20 periods: about 40 zero crossings. */
    private static void assertOneKilohertz(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int crossings = 0;
        int peak = 0;
        short previous = b.getShort(0);
        for (int i = 1; i < frame.length / 2; i++) {
            short s = b.getShort(2 * i);
            if ((s >= 0) != (previous >= 0)) {
                crossings++;
            }
            peak = Math.max(peak, Math.abs(s));
            previous = s;
        }
        assertTrue(crossings >= 38 && crossings <= 42, "zero crossings of a 1 kHz tone: " + crossings);
        assertTrue(peak > 4000, "the tone's level survives decoding and resampling: " + peak);
    }
}
