package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.media.MediaStats;
import io.trunkline.core.record.MediaSeries;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.core.testing.ManualCallLoop;
import org.junit.jupiter.api.Test;

class MediaSamplerTest {
    private final ManualCallLoop loop = ManualCallLoop.inline();
    private final MediaSampler sampler = new MediaSampler(loop, System.nanoTime());
    private long packets;
    private long lost;
    private double jitterMeanMs;

    private MediaStats stats() {
        return new MediaStats(new RtpStreamStats(packets, packets * 160, lost, 0, jitterMeanMs, 0, 0, 0, 0),
                RtpStreamStats.EMPTY);
    }

    @Test
    void aCallNeverAnsweredHasNoSeries() {
        assertSame(MediaSeries.NONE, sampler.series());
    }

    @Test
    void eachSecondGetsItsOwnPacketsLossAndJitter() {
        sampler.start(this::stats);
        packets = 50;
        jitterMeanMs = 2;
        loop.advanceMillis(1000);
        packets = 100;
        lost = 3;
        jitterMeanMs = 4; // the second 50 packets averaged 6 ms
        loop.advanceMillis(1000);
        packets = 110;
        sampler.stop();
        loop.advanceMillis(5000); // no more samples once stopped

        MediaSeries s = sampler.series();
        assertEquals(1000, s.stepMs());
        assertEquals(java.util.List.of(50L, 50L, 10L), s.inboundPackets());
        assertEquals(java.util.List.of(0L, 3L, 0L), s.inboundLost());
        assertEquals(2.0, s.inboundJitterMs().get(0), 1e-9);
        assertEquals(6.0, s.inboundJitterMs().get(1), 1e-9);
        assertTrue(s.startMs() >= 0, "from the answer, in ms since the INVITE: " + s.startMs());
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void pacingErrorIsTheLargestDistanceFromTwentyMillisecondsBetweenBackToBackPackets() {
        sampler.start(this::stats);
        long t = 1_000_000_000L;
        sampler.agentPacketSent(t);
        sampler.agentPacketSent(t += 20_000_000L);
        sampler.agentPacketSent(t += 23_000_000L); // 3 ms late
        sampler.agentPacketSent(t += 19_000_000L);
        sampler.agentPacketSent(t + 500_000_000L); // after a pause: silence in between, not an error
        loop.advanceMillis(1000);
        loop.advanceMillis(1000); // a second without agent audio
        sampler.stop();
        MediaSeries s = sampler.series();
        assertEquals(3.0, s.pacingErrorMaxMs().get(0), 1e-9);
        assertTrue(Double.isNaN(s.pacingErrorMaxMs().get(1)), "nothing measured: " + s.pacingErrorMaxMs());
    }

    @Test
    void aLongCallKeepsAtMostMaxPointsByMergingNeighbours() {
        sampler.start(this::stats);
        int seconds = MediaSeries.MAX_POINTS + 10;
        for (int i = 0; i < seconds; i++) {
            packets += 50;
            loop.advanceMillis(1000);
        }
        sampler.stop();
        MediaSeries s = sampler.series();
        assertEquals(2000, s.stepMs());
        assertTrue(s.size() <= MediaSeries.MAX_POINTS, "points " + s.size());
        assertEquals(MediaSeries.MAX_POINTS / 2 + 6, s.size(), "3610 s in 2 s steps, plus the last sample");
        assertEquals(100L, s.inboundPackets().get(0));
        assertEquals(packets, s.inboundPackets().stream().mapToLong(Long::longValue).sum(), "no packet lost");
    }
}
