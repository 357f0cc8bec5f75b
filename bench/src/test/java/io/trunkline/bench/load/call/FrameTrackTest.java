package io.trunkline.bench.load.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** 16-bit ids widen to frame indexes across wrap-around; losses, duplicates and unsent ids are told apart. */
class FrameTrackTest {

    @Test
    void widensAcrossTheSixteenBitWrap() {
        FrameTrack t = new FrameTrack(70_000);
        for (int i = 0; i < 66_000; i++) {
            t.sent(i, 1000L + i);
            if (i == 65_540) {
                continue; // lost
            }
            assertEquals(1000L + i, t.received(i & 0xffff), "frame " + i);
        }
        assertEquals(65_999, t.receivedUnique());
        assertEquals(1, t.lost());
        assertEquals(0, t.unexpected());
    }

    @Test
    void countsDuplicatesReorderingAndFramesNeverSent() {
        FrameTrack t = new FrameTrack(100);
        for (int i = 0; i < 10; i++) {
            t.sent(i, 100L * i);
        }
        assertEquals(0L, t.received(0));
        assertEquals(200L, t.received(2));
        assertEquals(100L, t.received(1)); // late, not lost
        assertEquals(-1L, t.received(2)); // duplicate
        assertEquals(-1L, t.received(50)); // never sent
        assertEquals(3, t.receivedUnique());
        assertEquals(1, t.duplicates());
        assertEquals(1, t.unexpected());
        assertEquals(7, t.lost());
    }

    @Test
    void callSidsCarryTheIndex() {
        String sid = LoadCall.twilioCallSid(417);
        assertEquals(34, sid.length());
        assertEquals(417, LoadCall.indexOfSid(sid));
        assertEquals(-1, LoadCall.indexOfSid("CA123rate"));
    }
}
