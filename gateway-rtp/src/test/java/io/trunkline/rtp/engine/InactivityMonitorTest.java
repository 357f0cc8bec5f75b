package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InactivityMonitorTest {

    private static final long SECOND = 1_000_000_000L;

    private final ManualCallLoop loop = new ManualCallLoop();
    private int fired;
    private final InactivityMonitor monitor = new InactivityMonitor(loop, 5 * SECOND, loop::nanoTime, () -> fired++);

    @Test
    void firesOnceAfterTheTimeoutWithoutPackets() {
        monitor.arm();
        loop.advance(5 * SECOND - 1);
        assertEquals(0, fired);
        loop.advance(1);
        assertEquals(1, fired);
        loop.advance(60 * SECOND);
        assertEquals(1, fired, "only once");
        assertTrue(monitor.fired());
        assertEquals(0, loop.pending());
    }

    @Test
    void packetsPushTheDeadlineWithoutReschedulingPerPacket() {
        monitor.arm();
        for (int i = 0; i < 40; i++) {
            loop.advance(SECOND / 4);
            monitor.activity(loop.nanoTime());
            assertTrue(loop.pending() <= 1, "one timer at most");
        }
        assertEquals(0, fired);
        loop.advance(5 * SECOND - 1);
        assertEquals(0, fired, "counted from the last packet");
        loop.advance(1);
        assertEquals(1, fired);
    }

    @Test
    void disarmedWhileOnHoldAndCountedAfreshOnResume() {
        monitor.arm();
        loop.advance(4 * SECOND);
        monitor.disarm();
        loop.advance(30 * SECOND);
        assertEquals(0, fired, "no timeout while the carrier does not send");
        monitor.arm();
        loop.advance(5 * SECOND - 1);
        assertEquals(0, fired, "counted from the resume");
        loop.advance(1);
        assertEquals(1, fired);
    }

    @Test
    void armingTwiceKeepsOneTimer() {
        monitor.arm();
        monitor.arm();
        assertEquals(1, loop.pending());
    }
}
