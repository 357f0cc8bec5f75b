package io.trunkline.bench.load.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.bench.load.audio.FrameCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeLogTest {

    private static final long MS = 1_000_000L;

    /** Frames due every 20 ms from t = 1000 ms. */
    private static long due(int id) {
        return 1000 * MS + id * 20 * MS;
    }

    @Test
    void aSteadyPlayoutIsFaithfulWithAConstantDelay() {
        ProbeLog log = new ProbeLog(1000);
        for (int id = 0; id < 100; id++) {
            log.packet(due(id) + 7 * MS, id);
        }
        Map<String, Object> s = log.summary(1000 * MS, 3000 * MS, ProbeLogTest::due);
        assertEquals(100, s.get("agentFrames"));
        assertEquals(20, s.get("windows"));
        assertEquals(100.0, s.get("faithfulPercent"));
        Map<?, ?> delay = (Map<?, ?>) s.get("delayMs");
        assertEquals(7.0, delay.get("p50"));
        assertEquals(0.0, delay.get("spreadP1ToP99"));
        Map<?, ?> pacing = (Map<?, ?>) s.get("pacingIntervalMs");
        assertEquals(20.0, pacing.get("p99"));
    }

    @Test
    void aLostFrameASilenceInsertedAndALateBurstEachSpoilTheirWindow() {
        ProbeLog log = new ProbeLog(1000);
        long t = due(0);
        for (int id = 0; id < 40; id++) {
            if (id == 3) {
                t += 20 * MS; // frame 3 lost
                continue;
            }
            if (id == 12) {
                log.packet(t, FrameCode.SILENCE); // a silence frame between 11 and 12
                t += 20 * MS;
            }
            if (id == 27) {
                t += 30 * MS; // a 50 ms gap before frame 27
            }
            log.packet(t, id);
            t += 20 * MS;
        }
        Map<String, Object> s = log.summary(0, 5000 * MS, ProbeLogTest::due);
        assertEquals(8, s.get("windows"));
        assertEquals(5, s.get("faithfulWindows"));
        assertEquals(1, s.get("silenceFrames"));
        Map<?, ?> pacing = (Map<?, ?>) s.get("pacingIntervalMs");
        assertEquals(50.0, pacing.get("max"));
    }

    @Test
    void aDuplicateOrAReorderedFrameIsNotFaithful() {
        ProbeLog log = new ProbeLog(1000);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 8, 7, 9, 10, 11, 11, 12, 13, 14};
        long t = due(0);
        for (int id : order) {
            log.packet(t, id);
            t += 20 * MS;
        }
        Map<String, Object> s = log.summary(0, 5000 * MS, ProbeLogTest::due);
        assertEquals(3, s.get("windows"));
        assertEquals(1, s.get("faithfulWindows"));
        assertEquals(1, s.get("duplicateFrames"));
    }

    @Test
    void onlyWindowsDueInsideTheIntervalCount() {
        ProbeLog log = new ProbeLog(1000);
        for (int id = 0; id < 50; id++) {
            log.packet(due(id) + MS, id);
        }
        // From frame 10's due time to frame 30's: windows 10-14 ... 25-29.
        Map<String, Object> s = log.summary(due(10), due(30), ProbeLogTest::due);
        assertEquals(4, s.get("windows"));
        assertEquals(4, s.get("faithfulWindows"));
    }
}
