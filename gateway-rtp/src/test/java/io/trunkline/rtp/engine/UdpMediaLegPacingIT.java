package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.playout.Pacer;
import io.trunkline.rtp.testing.LoopbackPeer.Received;
import io.trunkline.rtp.testing.RtpPackets;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pacer's output as the carrier receives it, over 10 s of real time on each transport: count, sequence
 * and timestamp continuity, drift, then a burst of agent audio played out in order and followed by silence.
 */
class UdpMediaLegPacingIT {

    private static final byte SILENCE = (byte) 0xFF;
    private static final long PERIOD = Pacer.PERIOD_NANOS;
    private static final Duration RECEIVE = Duration.ofSeconds(2);

    static Stream<UdpTransport> transports() {
        return LegFixture.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void onePacketEveryTwentyMillisecondsWithoutDriftThenQueuedAudioInOrder(UdpTransport transport) {
        int portMin = 37_000 + 200 * transport.ordinal();
        try (LegFixture f = new LegFixture(transport, LegFixture.config(portMin, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            f.run(f.leg::start);
            List<Received> packets = new ArrayList<>();
            Received first = f.peer.expect(RECEIVE);
            packets.add(first);
            while (packets.get(packets.size() - 1).arrivalNanos() < first.arrivalNanos() + 10_500_000_000L) {
                packets.add(f.peer.expect(RECEIVE));
            }
            // Arrival times are taken when the test thread reads, so any one of them may be late (never early):
            // the timeline's origin is the smallest arrival - k * 20 ms, and drift is judged on such minima.
            // The pacer's own accuracy is not what a loaded test machine can judge; the bounds are loose.
            long origin = minOffset(packets, 0, packets.size());
            long inTenSeconds = packets.stream().filter(p -> p.arrivalNanos() < origin + 10_000_000_000L).count();
            assertTrue(inTenSeconds >= 495 && inTenSeconds <= 500, "packets in 10 s: " + inTenSeconds);
            long drift = minOffset(packets, 450, 500) - minOffset(packets, 0, 50);
            assertTrue(Math.abs(drift) < 20_000_000L, "drift over 10 s: " + drift / 1e6 + " ms");
            long fiveHundredth = packets.get(499).arrivalNanos() - origin;
            assertTrue(Math.abs(fiveHundredth - 499 * PERIOD) < 100_000_000L,
                    "the 500th packet came " + fiveHundredth / 1e6 + " ms after the timeline's start");
            assertContinuous(packets, f.listener.drops(DropReason.PACER_SKIPPED));
            packets.forEach(p -> {
                assertEquals(RtpPackets.PCMU, p.payloadType());
                assertEquals(first.ssrc(), p.ssrc(), "one SSRC");
                assertTrue(p.silent(SILENCE), "nothing queued yet: silence");
                assertFalse(p.marker());
            });

            // One second of tone, then silence again.
            byte[] tone = RtpPackets.ulawTone(0, 8000);
            f.run(() -> {
                assertEquals(0, f.leg.play(ByteBuffer.wrap(tone)));
                f.leg.mark("tone");
                assertEquals(1000, f.leg.queuedMillis());
            });
            List<Received> after = new ArrayList<>();
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            Received r;
            do { // what went out before the audio was queued
                r = f.peer.expect(RECEIVE);
                after.add(r);
            } while (r.silent(SILENCE));
            int firstAudioSequence = r.sequence();
            while (seqDistance(firstAudioSequence, r.sequence()) < 54) {
                r = f.peer.expect(RECEIVE);
                after.add(r);
            }
            for (Received p : after) {
                int index = seqDistance(firstAudioSequence, p.sequence());
                if (index < 0) {
                    assertTrue(p.silent(SILENCE), "sent before the audio was queued");
                } else if (index < 50) {
                    assertEquals(index == 0, p.marker(), "marker on the talk spurt's first packet only");
                    audio.writeBytes(p.payload());
                } else {
                    assertTrue(p.silent(SILENCE), "silence resumes after the tone, packet " + index);
                    assertFalse(p.marker());
                }
            }
            assertArrayEquals(tone, audio.toByteArray(), "the tone came out whole and in order");
            assertEquals(List.of("tone"), f.listener.marks, "the mark is reported once the last audio packet was sent");
            assertEquals(0, (int) f.call(f.leg::queuedMillis));
            packets.addAll(after);
            assertContinuous(packets, f.listener.drops(DropReason.PACER_SKIPPED));
            assertEquals(0, f.listener.drops(DropReason.NOT_WRITTEN));
        }
    }

    /**
     * Sequence numbers +1 and timestamps +160 from each packet to the next; a timestamp may only jump further by
     * what the pacer reports as skipped (a loop stalled for more than 100 ms).
     */
    static void assertContinuous(List<Received> packets, long skipped) {
        long extraTicks = 0;
        for (int i = 1; i < packets.size(); i++) {
            Received a = packets.get(i - 1);
            Received b = packets.get(i);
            assertEquals((a.sequence() + 1) & 0xffff, b.sequence(), "sequence continuous at packet " + i);
            long delta = (b.timestamp() - a.timestamp()) & 0xffff_ffffL;
            assertEquals(0, delta % 160, "timestamp steps of 160");
            extraTicks += delta / 160 - 1;
        }
        assertEquals(skipped, extraTicks, "timestamp jumps only where the pacer skipped");
    }

    /**
     * The smallest {@code arrival - k * 20 ms} over packets {@code from} to {@code to} (exclusive), where {@code k}
     * is the packet's place on the timeline as its RTP timestamp tells (so skipped packets do not shift it).
     */
    private static long minOffset(List<Received> packets, int from, int to) {
        long ts0 = packets.get(0).timestamp();
        long min = Long.MAX_VALUE;
        for (int i = from; i < to; i++) {
            Received p = packets.get(i);
            long k = ((p.timestamp() - ts0) & 0xffff_ffffL) / 160;
            min = Math.min(min, p.arrivalNanos() - k * PERIOD);
        }
        return min;
    }

    static int seqDistance(int from, int to) {
        return (short) (to - from);
    }
}
