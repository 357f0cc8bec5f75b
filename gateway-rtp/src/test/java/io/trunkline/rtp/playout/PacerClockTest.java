package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.ManualCallLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerClockTest {

    private static final long MS = 1_000_000L;

    private final ManualCallLoop loop = ManualCallLoop.inline();
    private final PacerClock clock = new PacerClock(loop, loop::nanoTime);

    /** Fires every 20 ms from its first deadline and records when. */
    private final class Periodic implements PacerClock.Paced {
        final List<Long> fired = new ArrayList<>();
        boolean stopped;

        @Override
        public long fire(long nowNanos) {
            fired.add(nowNanos);
            return stopped ? Long.MIN_VALUE : PacerClock.alignUp(nowNanos) + 20 * MS;
        }
    }

    @Test
    void deadlinesAreRoundedUpToTheGrid() {
        assertEquals(0, PacerClock.alignUp(0));
        assertEquals(MS, PacerClock.alignUp(1));
        assertEquals(MS, PacerClock.alignUp(MS));
        assertEquals(-MS, PacerClock.alignUp(-MS - 1));
        assertEquals(0, PacerClock.alignUp(-1));
    }

    @Test
    void manyPacersOnTheSameGridStepShareOneWakeUp() {
        List<Periodic> pacers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Periodic p = new Periodic();
            pacers.add(p);
            // Deadlines spread over 0.1 ms .. 5 ms: they fall on five grid steps.
            clock.add(p, (i % 50) * 100_000L + 100_000L);
        }
        assertEquals(1, loop.pendingTimers(), "one timer for all pacers");
        loop.advanceNanos(100 * MS);
        for (Periodic p : pacers) {
            assertEquals(5, p.fired.size(), "fired every 20 ms for 100 ms: " + p.fired);
            for (int k = 1; k < p.fired.size(); k++) {
                assertEquals(20 * MS, p.fired.get(k) - p.fired.get(k - 1), "intervals stay exact");
            }
            assertEquals(0, p.fired.get(0) % MS, "woken on the grid");
        }
        assertEquals(1, loop.pendingTimers());
    }

    @Test
    void aStoppedOrRemovedPacerIsNotWokenAgain() {
        Periodic stops = new Periodic();
        Periodic removed = new Periodic();
        Periodic stays = new Periodic();
        clock.add(stops, MS);
        clock.add(removed, 2 * MS);
        clock.add(stays, 3 * MS);
        loop.advanceNanos(5 * MS);
        stops.stopped = true;
        clock.remove(removed);
        loop.advanceNanos(40 * MS);
        assertEquals(2, stops.fired.size(), "fires once more and says it stopped");
        assertEquals(1, removed.fired.size());
        assertEquals(3, stays.fired.size());
        assertEquals(1, clock.size());
    }

    @Test
    void anEarlierDeadlineRearmsTheTimer() {
        Periodic late = new Periodic();
        Periodic early = new Periodic();
        clock.add(late, 15 * MS);
        clock.add(early, 2 * MS);
        loop.advanceNanos(2 * MS);
        assertEquals(List.of(2 * MS), early.fired);
        assertTrue(late.fired.isEmpty());
        loop.advanceNanos(13 * MS);
        assertEquals(List.of(15 * MS), late.fired);
    }

    @Test
    void theLastReleaseTellsTheOwnerAndStopsTheTimer() {
        int[] unused = new int[1];
        PacerClock shared = new PacerClock(loop, loop::nanoTime, () -> unused[0]++);
        Periodic first = new Periodic();
        shared.retain();
        shared.retain();
        shared.add(first, MS);
        shared.release();
        assertEquals(0, unused[0], "one leg still uses it");
        assertEquals(1, shared.users());
        shared.remove(first);
        shared.release();
        assertEquals(1, unused[0], "the owner forgets the clock once its last leg closed");
        assertEquals(0, shared.size());
        loop.advanceNanos(40 * MS);
        assertEquals(0, loop.pendingTimers(), "no timer left behind");
        shared.release();
        assertEquals(1, unused[0], "an extra release is harmless");
    }
}
