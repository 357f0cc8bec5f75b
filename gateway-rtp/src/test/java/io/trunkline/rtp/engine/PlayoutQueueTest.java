package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutQueueTest {

    private static byte[] ramp(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void bytesComeOutInOrderAcrossTheWrap() {
        PlayoutQueue queue = new PlayoutQueue(16, 16);
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
        PlayoutQueue queue = new PlayoutQueue(8, 100);
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
        assertEquals(30, queue.droppedBytes());
        assertEquals(7, queue.offer(ramp(0, 7), 0, 7), "full: everything dropped");
        assertEquals(37, queue.droppedBytes());
        byte[] kept = new byte[100];
        queue.read(kept, 0, 100);
        assertArrayEquals(ramp(0, 100), kept, "the head of the burst is kept, the tail dropped");
    }

    @Test
    void startsSmall() {
        PlayoutQueue queue = new PlayoutQueue(16_000, 960_000);
        assertEquals(16_000, queue.capacity());
        queue.offer(new byte[16_001], 0, 16_001);
        assertEquals(32_000, queue.capacity(), "doubles");
    }

    @Test
    void clearEmptiesAtOnceAndCompletesMarks() {
        PlayoutQueue queue = new PlayoutQueue(64, 64);
        List<String> done = new ArrayList<>();
        queue.offer(ramp(0, 40), 0, 40);
        queue.whenReadPast(() -> done.add("a"));
        queue.offer(ramp(0, 10), 0, 10);
        queue.whenReadPast(() -> done.add("b"));
        queue.clear();
        assertEquals(List.of("a", "b"), done);
        assertEquals(0, queue.size());
        assertEquals(50, queue.readPosition());
        queue.offer(ramp(1, 3), 0, 3);
        byte[] out = new byte[3];
        assertEquals(3, queue.read(out, 0, 10), "only audio queued after the clear");
        assertArrayEquals(ramp(1, 3), out);
    }

    @Test
    void marksRunOncePassedInOrder() {
        PlayoutQueue queue = new PlayoutQueue(64, 64);
        List<String> done = new ArrayList<>();
        queue.offer(ramp(0, 20), 0, 20);
        queue.whenReadPast(() -> done.add("first"));
        queue.offer(ramp(0, 20), 0, 20);
        queue.whenReadPast(() -> done.add("second"));
        byte[] out = new byte[16];
        queue.read(out, 0, 16);
        queue.runReachedMarks();
        assertEquals(List.of(), done, "mark at 20 not reached at 16");
        queue.read(out, 0, 4);
        queue.runReachedMarks();
        assertEquals(List.of("first"), done);
        queue.read(out, 0, 16);
        queue.runReachedMarks();
        queue.runReachedMarks();
        assertEquals(List.of("first"), done, "second at 40, read 36");
        queue.read(out, 0, 16);
        queue.runReachedMarks();
        assertEquals(List.of("first", "second"), done);
        assertEquals(0, queue.pendingMarks());
    }

    @Test
    void markOnAnEmptyQueueRunsAtOnce() {
        PlayoutQueue queue = new PlayoutQueue(16, 16);
        boolean[] ran = {false};
        queue.whenReadPast(() -> ran[0] = true);
        assertTrue(ran[0]);
    }

    @Test
    void markTaskMayQueueAudioAndAnotherMark() {
        PlayoutQueue queue = new PlayoutQueue(32, 32);
        List<String> done = new ArrayList<>();
        queue.offer(ramp(0, 8), 0, 8);
        queue.whenReadPast(() -> {
            done.add("outer");
            queue.offer(ramp(0, 8), 0, 8);
            queue.whenReadPast(() -> done.add("inner"));
        });
        queue.read(new byte[8], 0, 8);
        queue.runReachedMarks();
        assertEquals(List.of("outer"), done, "the new mark waits for the audio queued with it");
        queue.read(new byte[8], 0, 8);
        queue.runReachedMarks();
        assertEquals(List.of("outer", "inner"), done);
    }

    @Test
    void releaseForgetsMemoryAndMarks() {
        PlayoutQueue queue = new PlayoutQueue(32, 64);
        boolean[] ran = {false};
        queue.offer(ramp(0, 20), 0, 20);
        queue.whenReadPast(() -> ran[0] = true);
        queue.release();
        assertEquals(0, queue.size());
        assertEquals(0, queue.capacity());
        assertEquals(0, queue.pendingMarks());
        assertEquals(false, ran[0]);
        assertEquals(0, queue.read(new byte[4], 0, 4));
        byte[] out = new byte[4];
        queue.offer(ramp(5, 4), 0, 4);
        queue.read(out, 0, 4);
        assertArrayEquals(ramp(5, 4), out, "still usable after release");
    }
}
