package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.observe.DropObserver;
import io.trunkline.rtp.testing.RecordingListener;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener hears of each packet of agent audio the pacer sent, at its send time, and of nothing else. */
class SentAudioTest {

    private static final long P = Pacer.PERIOD_NANOS;

    private final RecordingListener listener = new RecordingListener();
    private final PlayoutQueue queue = new PlayoutQueue(1600, 16_000, name -> { });
    private long now;
    private boolean writable = true;
    private final Pacer pacer = new Pacer(queue, (marker, seq, ts, payload, length) -> writable, (byte) 0xFF, 0, 0,
            DropObserver.NONE);

    SentAudioTest() {
        pacer.probe(new SentAudio(listener, () -> now));
    }

    @Test
    void onlyWrittenPacketsCarryingAgentAudioAreReportedWithTheirSendTime() {
        byte[] speech = new byte[400];
        Arrays.fill(speech, (byte) 0x20);
        pacer.start(0);
        pacer.tick(0);                      // nothing queued: the pacer's silence, not reported
        queue.offer(speech, 0, 400);        // 50 ms of agent audio
        for (int k = 1; k <= 4; k++) {
            now = k * P + 300_000;          // each packet goes out 0.3 ms after its deadline
            writable = k != 2;              // the second audio packet cannot be written
            pacer.tick(now);
        }
        assertEquals(List.of(P + 300_000, 3 * P + 300_000), listener.sentAt);
        assertArrayEquals(Arrays.copyOf(speech, 160), listener.sentAudio.get(0));
        byte[] tail = new byte[160];
        Arrays.fill(tail, (byte) 0xFF);
        Arrays.fill(tail, 0, 80, (byte) 0x20);
        assertArrayEquals(tail, listener.sentAudio.get(1), "the end of the burst, padded with silence as sent");
    }
}
