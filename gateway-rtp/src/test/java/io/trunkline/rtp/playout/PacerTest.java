package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.testing.RecordingLegObserver;
import io.trunkline.rtp.testing.RecordingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drives the pacer with a fake clock: no real time, every tick chosen by the test. */
class PacerTest {

    private static final long P = Pacer.PERIOD_NANOS;
    private static final byte SILENCE = (byte) 0xFF;

    record Sent(boolean marker, int sequence, long timestamp, byte[] payload) {
        boolean silent() {
            for (byte b : payload) {
                if (b != SILENCE) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<String> marks = new ArrayList<>();
    private final PlayoutQueue queue = new PlayoutQueue(1600, 16000, marks::add);
    private boolean sinkAccepts = true;
    private final RecordingListener drops = new RecordingListener();
    private final RecordingLegObserver observer = new RecordingLegObserver();
    private final Pacer pacer = new Pacer(queue, (marker, sequence, timestamp, payload, length) -> {
        sent.add(new Sent(marker, sequence, timestamp, Arrays.copyOf(payload, length)));
        return sinkAccepts;
    }, SILENCE, 65530, 0xffff_ff00L, drops);

    PacerTest() {
        pacer.probe(new LegMetrics(observer, new GatewayLatencies(observer), System::nanoTime));
    }

    private static byte[] audio(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i % 100); // never 0xFF for seed < 100
        }
        return b;
    }

    /** An RTP timestamp: unsigned 32-bit, wrapping. */
    private static long ts(long value) {
        return value & 0xffff_ffffL;
    }

    /** Runs ticks exactly on time up to and including packet {@code index}. */
    private long runUntilPacket(long start, int index) {
        long now = start;
        long next = pacer.tick(now);
        while (sent.size() <= index) {
            now = next;
            next = pacer.tick(now);
        }
        return now;
    }

    @Test
    void silenceWithContinuousSequenceAndTimestampAcrossWraps() {
        long t0 = 1_000_000_000L;
        pacer.start(t0);
        runUntilPacket(t0, 19);
        assertEquals(20, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Sent p = sent.get(i);
            assertEquals((65530 + i) & 0xffff, p.sequence(), "sequence wraps at 65536");
            assertEquals((0xffff_ff00L + 160L * i) & 0xffff_ffffL, p.timestamp(), "timestamp wraps at 2^32");
            assertTrue(p.silent(), "nothing queued: silence");
            assertFalse(p.marker(), "no talk spurt");
            assertEquals(160, p.payload().length);
        }
        assertEquals(20, pacer.packetsSent());
        assertEquals(20, sent.stream().filter(Sent::silent).count());
    }

    @Test
    void firstPacketAtStartThenOnePerPeriodOnAnAbsoluteTimeline() {
        long t0 = 5 * P + 3;
        pacer.start(t0);
        assertEquals(t0 + P, pacer.tick(t0));
        assertEquals(1, sent.size());
        // Woken 7 ms late: one packet, and the next deadline is still on the timeline, not now + 20 ms.
        assertEquals(t0 + 2 * P, pacer.tick(t0 + P + 7_000_000));
        assertEquals(2, sent.size());
        // Woken early: nothing due.
        assertEquals(t0 + 2 * P, pacer.tick(t0 + 2 * P - 1));
        assertEquals(2, sent.size());
    }

    @Test
    void queuedAudioGoesOutFrameByFrameWithMarkerOnTalkSpurtStart() {
        long t0 = 0;
        pacer.start(t0);
        long now = runUntilPacket(t0, 1); // two silence packets
        byte[] speech = audio(480, 1);
        queue.offer(speech, 0, speech.length);
        long next = now + P;
        for (int i = 0; i < 5; i++, next += P) {
            pacer.tick(next);
        }
        assertEquals(7, sent.size());
        assertTrue(sent.get(1).silent());
        assertTrue(sent.get(2).marker(), "first audio packet after silence carries the marker");
        assertArrayEquals(Arrays.copyOfRange(speech, 0, 160), sent.get(2).payload());
        assertFalse(sent.get(3).marker());
        assertArrayEquals(Arrays.copyOfRange(speech, 160, 320), sent.get(3).payload());
        assertArrayEquals(Arrays.copyOfRange(speech, 320, 480), sent.get(4).payload());
        assertTrue(sent.get(5).silent() && !sent.get(5).marker());
        queue.offer(speech, 0, 160);
        pacer.tick(next);
        assertTrue(sent.get(7).marker(), "a new talk spurt after silence is marked again");
    }

    @Test
    void partialFrameWaitsOneTickForMoreAudioThenIsPaddedAtTheEndOfABurst() {
        pacer.start(0);
        pacer.tick(0);
        byte[] speech = audio(250, 3);
        queue.offer(speech, 0, 250);
        pacer.tick(P); // 160 out, 90 left; audio arrived during this tick
        assertArrayEquals(Arrays.copyOf(speech, 160), sent.get(1).payload());
        pacer.tick(2 * P); // 90 left and nothing new since the previous tick: end of the burst, padded
        Sent tail = sent.get(2);
        assertArrayEquals(Arrays.copyOfRange(speech, 160, 250), Arrays.copyOf(tail.payload(), 90));
        for (int i = 90; i < 160; i++) {
            assertEquals(SILENCE, tail.payload()[i], "padded with silence");
        }
        assertEquals(0, queue.size());
    }

    @Test
    void partialFrameStillGrowingIsNotCutBySilence() {
        pacer.start(0);
        pacer.tick(0);
        byte[] speech = audio(400, 7);
        queue.offer(speech, 0, 100); // less than a frame, arriving...
        pacer.tick(P);
        assertTrue(sent.get(1).silent(), "audio arrived during the tick: wait for more");
        assertEquals(100, queue.size());
        queue.offer(speech, 100, 100);
        pacer.tick(2 * P);
        assertArrayEquals(Arrays.copyOf(speech, 160), sent.get(2).payload(), "contiguous once a frame is there");
        assertTrue(sent.get(2).marker());
    }

    @Test
    void lateWakeUpCatchesUpWithABoundedBurst() {
        pacer.start(0);
        pacer.tick(0);
        long next = pacer.tick(3 * P + 1); // packets 1, 2 and 3 were due
        assertEquals(4, sent.size());
        assertEquals(4 * P, next);
        assertEquals(1, observer.lateTicks.get(), "one late tick, reported");
        for (int i = 1; i < 4; i++) {
            assertEquals(sent.get(i - 1).sequence() + 1, sent.get(i).sequence());
            assertEquals(ts(sent.get(i - 1).timestamp() + 160), sent.get(i).timestamp());
        }
        assertEquals(0, drops.drops(DropReason.PACER_SKIPPED), "nothing skipped");
    }

    @Test
    void veryLateWakeUpSkipsAheadKeepingTimestampsOnTheWallClock() {
        pacer.start(0);
        pacer.tick(0);
        Sent first = sent.get(0);
        long next = pacer.tick(20 * P); // packets 1..20 due: 21 - 1 = 20 missing
        assertEquals(1 + Pacer.MAX_BURST, sent.size(), "only a bounded burst is sent");
        assertEquals(15, drops.drops(DropReason.PACER_SKIPPED), "each skipped packet counted once");
        assertEquals(1, drops.drops.size());
        assertEquals(21 * P, next, "back on the timeline");
        Sent afterSkip = sent.get(1);
        assertEquals(first.sequence() + 1, afterSkip.sequence(), "no sequence number spent on skipped packets");
        assertEquals(ts(first.timestamp() + 16 * 160), afterSkip.timestamp(), "timestamp advanced by the skipped time");
        Sent last = sent.get(sent.size() - 1);
        assertEquals(ts(first.timestamp() + 20 * 160), last.timestamp(), "last packet stamped for the wall clock");
        pacer.tick(21 * P);
        assertEquals(ts(last.timestamp() + 160), sent.get(sent.size() - 1).timestamp());
    }

    @Test
    void holdStopsSendingButTimeAndQueueGoOn() {
        pacer.start(0);
        pacer.tick(0);
        byte[] speech = audio(320, 5);
        queue.offer(speech, 0, 320);
        queue.mark("m");
        pacer.sending(false);
        pacer.tick(P);
        pacer.tick(2 * P);
        pacer.tick(3 * P);
        assertEquals(1, sent.size(), "nothing sent while on hold");
        assertEquals(0, queue.size(), "queued audio is consumed as if played");
        assertEquals(List.of("m"), marks, "marks complete during hold");
        pacer.sending(true);
        pacer.tick(4 * P);
        Sent resumed = sent.get(1);
        assertEquals(sent.get(0).sequence() + 1, resumed.sequence(), "sequence continues");
        assertEquals(ts(sent.get(0).timestamp() + 4 * 160), resumed.timestamp(), "timestamp followed the clock");
    }

    @Test
    void marksRunAfterThePacketCarryingTheirLastByte() {
        pacer.start(0);
        byte[] speech = audio(320, 2);
        queue.offer(speech, 0, 320);
        queue.mark("after two packets");
        pacer.tick(0);
        assertEquals(List.of(), marks);
        pacer.tick(P);
        assertEquals(List.of("after two packets"), marks, "reported with the second packet");
        assertEquals(2, sent.size(), "right after it was sent");
    }

    @Test
    void failedSendSpendsTheSequenceNumberButIsNotCounted() {
        pacer.start(0);
        sinkAccepts = false;
        pacer.tick(0);
        sinkAccepts = true;
        pacer.tick(P);
        assertEquals(1, pacer.packetsSent());
        assertEquals(160, pacer.payloadBytesSent());
        assertEquals(sent.get(0).sequence() + 1, sent.get(1).sequence());
    }
}
