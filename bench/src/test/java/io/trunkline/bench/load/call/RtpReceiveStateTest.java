package io.trunkline.bench.load.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The slot grid follows the RTP timestamp, takes the earliest arrival as its phase and survives skipped slots. */
class RtpReceiveStateTest {

    private static final long MS = 1_000_000L;

    @Test
    void slotTimeIsTheEarliestArrivalOnTheGrid() {
        RtpReceiveState s = new RtpReceiveState();
        long start = 1_000 * MS;
        assertEquals(-1, s.onPacket(100, 5000, start + 2 * MS));
        assertEquals(start + 2 * MS, s.slotTime());
        // One ms earlier relative to its slot: the grid moves to it.
        assertEquals(19 * MS, s.onPacket(101, 5160, start + 21 * MS));
        assertEquals(start + 21 * MS, s.slotTime());
        // Late by 3 ms: the slot time stays on the grid.
        s.onPacket(102, 5320, start + 44 * MS);
        assertEquals(start + 41 * MS, s.slotTime());
    }

    @Test
    void skippedSlotsAndSequenceGapsAreAccounted() {
        RtpReceiveState s = new RtpReceiveState();
        s.onPacket(65535, 0xffff_ff60L, 0);
        // The pacer skipped two slots (timestamp +480) but spent one sequence number; the stream wraps both.
        assertEquals(-1, s.onPacket(1, 0x0000_0140L, 60 * MS));
        assertEquals(60 * MS, s.slotTime());
        assertEquals(1, s.sequenceGaps());
        assertEquals(-1, s.onPacket(0, 0x0000_0000L, 61 * MS));
        assertEquals(1, s.reordered());
    }
}
