package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutQueueTest {

    /** Marks reported played, in order. */
    private final List<String> played = new ArrayList<>();

    private static byte[] ramp(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void bytesComeOutInOrderAcrossTheWrap() {
        PlayoutQueue queue = new PlayoutQueue(16, 16, played::add);
        assertEquals(0, queue.offer(ramp(0, 10), 0, 10));
        byte[] out = new byte[8];
        assertEquals(8, queue.read(out, 0, 8));
        assertArrayEquals(ramp(0, 8), out);
        // 2 left at index 8..9; 12 more wrap around the end of the 16-byte ring.
        assertEquals(0, queue.offer(ramp(10, 12), 0, 12));
        assertEquals(16, queue.capacity(), "fits without growing");
        byte[] all = new byte[14];
        assertEquals(14, queue.read(all, 0, 20));
        assertArrayEquals(ramp(8, 14), all);
        assertEquals(0, queue.size());
        assertEquals(22, queue.readPosition());
    }

    @Test
    void growsOnDemandKeepingOrderAndStopsAtTheCap() {
        PlayoutQueue queue = new PlayoutQueue(8, 100, played::add);
        queue.offer(ramp(0, 6), 0, 6);
        queue.read(new byte[4], 0, 4); // head now in the middle, so growth has to unwrap
        queue.offer(ramp(6, 50), 0, 50);
        assertEquals(52, queue.size());
        assertTrue(queue.capacity() >= 52 && queue.capacity() <= 100, "grew: " + queue.capacity());
        byte[] out = new byte[52];
        queue.read(out, 0, 52);
        assertArrayEquals(ramp(4, 52), out);

        int dropped = queue.offer(ramp(0, 130), 0, 130);
        assertEquals(30, dropped, "what exceeds the cap is dropped");
        assertEquals(100, queue.size());
        assertEquals(100, queue.capacity(), "never beyond the cap");
        assertEquals(7, queue.offer(ramp(0, 7), 0, 7), "full: everything dropped");
        byte[] kept = new byte[100];
        queue.read(kept, 0, 100);
        assertArrayEquals(ramp(0, 100), kept, "the head of the burst is kept, the tail dropped");
    }

    @Test
    void startsSmall() {
        PlayoutQueue queue = new PlayoutQueue(16_000, 960_000, played::add);
        assertEquals(16_000, queue.capacity());
        queue.offer(new byte[16_001], 0, 16_001);
        assertEquals(32_000, queue.capacity(), "doubles");
    }

    @Test
    void clearEmptiesAtOnceAndReportsTheMarksBehindTheClearedAudio() {
        PlayoutQueue queue = new PlayoutQueue(64, 64, played::add);
        queue.offer(ramp(0, 40), 0, 40);
        queue.mark("a");
        queue.offer(ramp(0, 10), 0, 10);
        queue.mark("b");
        assertEquals(List.of(), played);
        queue.clear();
        assertEquals(List.of("a", "b"), played);
        assertEquals(0, queue.size());
        assertEquals(50, queue.readPosition());
        queue.offer(ramp(1, 3), 0, 3);
        byte[] out = new byte[3];
        assertEquals(3, queue.read(out, 0, 10), "only audio queued after the clear");
        assertArrayEquals(ramp(1, 3), out);
    }

    @Test
    void marksAreReportedOncePassedInOrder() {
        PlayoutQueue queue = new PlayoutQueue(64, 64, played::add);
        queue.offer(ramp(0, 20), 0, 20);
        queue.mark("first");
        queue.offer(ramp(0, 20), 0, 20);
        queue.mark("second");
        byte[] out = new byte[16];
        queue.read(out, 0, 16);
        queue.reportReachedMarks();
        assertEquals(List.of(), played, "mark at 20 not reached at 16");
        queue.read(out, 0, 4);
        queue.reportReachedMarks();
        assertEquals(List.of("first"), played);
        queue.read(out, 0, 16);
        queue.reportReachedMarks();
        queue.reportReachedMarks();
        assertEquals(List.of("first"), played, "second at 40, read 36");
        queue.read(out, 0, 16);
        queue.reportReachedMarks();
        queue.reportReachedMarks();
        assertEquals(List.of("first", "second"), played, "each mark once");
    }

    @Test
    void markOnAnEmptyQueueIsReportedAtOnce() {
        PlayoutQueue queue = new PlayoutQueue(16, 16, played::add);
        queue.mark("now");
        assertEquals(List.of("now"), played);
    }

    @Test
    void theMarkListenerMayQueueAudioAndAnotherMark() {
        PlayoutQueue[] queue = new PlayoutQueue[1];
        queue[0] = new PlayoutQueue(32, 32, name -> {
            played.add(name);
            if (name.equals("outer")) {
                queue[0].offer(ramp(0, 8), 0, 8);
                queue[0].mark("inner");
            }
        });
        queue[0].offer(ramp(0, 8), 0, 8);
        queue[0].mark("outer");
        queue[0].read(new byte[8], 0, 8);
        queue[0].reportReachedMarks();
        assertEquals(List.of("outer"), played, "the new mark waits for the audio queued with it");
        queue[0].read(new byte[8], 0, 8);
        queue[0].reportReachedMarks();
        assertEquals(List.of("outer", "inner"), played);
    }

    @Test
    void releaseForgetsMemoryAndMarks() {
        PlayoutQueue queue = new PlayoutQueue(32, 64, played::add);
        queue.offer(ramp(0, 20), 0, 20);
        queue.mark("forgotten");
        queue.release();
        assertEquals(0, queue.size());
        assertEquals(0, queue.capacity());
        assertEquals(0, queue.read(new byte[4], 0, 4));
        byte[] out = new byte[4];
        queue.offer(ramp(5, 4), 0, 4);
        queue.read(out, 0, 4);
        queue.reportReachedMarks();
        assertArrayEquals(ramp(5, 4), out, "still usable after release");
        assertEquals(List.of(), played, "a released queue reports no mark, not even once its position is passed");
    }
}
