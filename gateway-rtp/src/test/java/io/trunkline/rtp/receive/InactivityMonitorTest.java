package io.trunkline.rtp.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.ManualCallLoop;
import org.junit.jupiter.api.Test;

class InactivityMonitorTest {

    private static final long SECOND = 1_000_000_000L;

    private final ManualCallLoop loop = ManualCallLoop.inline();
    private int fired;
    private final InactivityMonitor monitor = new InactivityMonitor(loop, 5 * SECOND, loop::nanoTime, () -> fired++);

    @Test
    void firesOnceAfterTheTimeoutWithoutPackets() {
        monitor.arm();
        loop.advanceNanos(5 * SECOND - 1);
        assertEquals(0, fired);
        loop.advanceNanos(1);
        assertEquals(1, fired);
        loop.advanceNanos(60 * SECOND);
        assertEquals(1, fired, "only once");
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void packetsPushTheDeadlineWithoutReschedulingPerPacket() {
        monitor.arm();
        for (int i = 0; i < 40; i++) {
            loop.advanceNanos(SECOND / 4);
            monitor.activity(loop.nanoTime());
            assertTrue(loop.pendingTimers() <= 1, "one timer at most");
        }
        assertEquals(0, fired);
        loop.advanceNanos(5 * SECOND - 1);
        assertEquals(0, fired, "counted from the last packet");
        loop.advanceNanos(1);
        assertEquals(1, fired);
    }

    @Test
    void disarmedWhileOnHoldAndCountedAfreshOnResume() {
        monitor.arm();
        loop.advanceNanos(4 * SECOND);
        monitor.disarm();
        loop.advanceNanos(30 * SECOND);
        assertEquals(0, fired, "no timeout while the carrier does not send");
        monitor.arm();
        loop.advanceNanos(5 * SECOND - 1);
        assertEquals(0, fired, "counted from the resume");
        loop.advanceNanos(1);
        assertEquals(1, fired);
    }

    @Test
    void armingTwiceKeepsOneTimer() {
        monitor.arm();
        monitor.arm();
        assertEquals(1, loop.pendingTimers());
    }
}
