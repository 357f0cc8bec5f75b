package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.testing.RecordingLegObserver;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Processing, pacing wait and interval error of the outbound path, on a manual clock. */
class OutboundTimingTest {

    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final RecordingLegObserver observer = new RecordingLegObserver();
    private final GatewayLatencies latencies = new GatewayLatencies(observer);
    private final PlayoutQueue queue = new PlayoutQueue(16_000, 16_000, name -> { });
    private final EnqueueTimeline timeline = new EnqueueTimeline();
    private final OutboundTiming timing = new OutboundTiming(timeline, latencies, () -> now);
    private final Pacer pacer = new Pacer(queue, (marker, seq, ts, payload, length) -> {
        now += MS / 10; // building and writing a packet takes 0.1 ms here
        return true;
    }, (byte) 0xFF, 0, 0, DropObserver.NONE);

    OutboundTimingTest() {
        pacer.probe(MediaProbe.all(new LegMetrics(observer, latencies, () -> now), timing));
    }

    @Test
    void audioWaitsForItsSlotAndOnlyConversionAndWritingCountAsProcessing() {
        // 60 ms of agent audio arrives at t = 1000 ms and is queued 2 ms later (the conversion).
        PlayoutEncoder encoder = new PlayoutEncoder(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K, queue,
                DropObserver.NONE);
        encoder.probe(new MediaProbe() {
            @Override
            public void agentAudioArrived() {
                timing.agentAudioArrived();
                now += 2 * MS;
            }

            @Override
            public void agentAudioQueued(long queueEndPosition) {
                timing.agentAudioQueued(queueEndPosition);
            }
        });
        encoder.play(ByteBuffer.wrap(new byte[480]));
        now = 1_000 * MS; // the pacer's timeline starts at the arrival
        pacer.start(now);
        pacer.tick(now);                 // packet 0 at 1000 ms: its audio was queued at 1002 ms → no wait
        now = 1_020 * MS;
        pacer.tick(now);                 // packet 1 due at 1020 ms
        now = 1_043 * MS;
        pacer.tick(now);                 // packet 2, 3 ms late

        assertEquals(3, observer.sent.get());
        assertEquals(List.of(0L, 18 * MS, 41 * MS), observer.pacingWait);
        // conversion 2 ms + 0.1 ms to write
        assertEquals(List.of(2_100_000L, 2_100_000L, 2_100_000L), observer.outbound);
        // intervals of 20 ms (exact) and 23 ms
        assertEquals(List.of(0L, 3 * MS), observer.pacingError);
        assertEquals(3, latencies.timings().outbound().count());
    }

    @Test
    void silencePacketsAreSentButCarryNoProcessingLatency() {
        pacer.start(now);
        pacer.tick(now);
        now += 20 * MS;
        pacer.tick(now);
        assertEquals(2, observer.sent.get());
        assertEquals(List.of(), observer.outbound);
        assertEquals(List.of(), observer.pacingWait);
        assertEquals(1, observer.pacingError.size());
    }

    @Test
    void aPauseInSendingIsNotAPacingError() {
        pacer.start(now);
        pacer.tick(now);
        pacer.sending(false);            // hold for 300 ms
        for (int i = 0; i < 15; i++) {
            now += 20 * MS;
            pacer.tick(now);
        }
        pacer.sending(true);             // the pacer tells the timing that the intervals restart
        now += 20 * MS;
        pacer.tick(now);
        now += 20 * MS;
        pacer.tick(now);
        assertEquals(3, observer.sent.get());
        // only the interval after the resumed packet: 20 ms plus the 0.1 ms the resumed packet took to write
        assertEquals(List.of(MS / 10), observer.pacingError);
    }

    @Test
    void theTimelineStretchesItsLastSlotWhenFull() {
        for (int i = 1; i <= EnqueueTimeline.SLOTS + 10; i++) {
            timeline.queued(i * 160L, i, i);
        }
        assertEquals(EnqueueTimeline.SLOTS, timeline.size());
        assertEquals(true, timeline.seek(160L * (EnqueueTimeline.SLOTS + 5)));
        assertEquals(EnqueueTimeline.SLOTS, timeline.queuedNanos(), "the stretched slot keeps its earlier times");
        assertEquals(false, timeline.seek(160L * (EnqueueTimeline.SLOTS + 10)));
    }
}
