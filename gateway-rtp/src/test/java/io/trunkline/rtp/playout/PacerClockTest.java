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

    /** Fires every {@code period} from its first deadline and records when. */
    private static final class Every implements PacerClock.Paced {
        final long period;
        final List<Long> fired = new ArrayList<>();

        Every(long period) {
            this.period = period;
        }

        @Override
        public long fire(long nowNanos) {
            fired.add(nowNanos);
            return PacerClock.alignUp(nowNanos) + period;
        }
    }

    @Test
    void aDeadlineBeyondTheWheelsSpanWaitsItsTurnsAndFiresOnTime() {
        long span = PacerClock.SLOTS * MS;
        Every slow = new Every(span + 36 * MS);
        Every fast = new Every(20 * MS);
        clock.add(slow, 3 * span + 5 * MS);
        clock.add(fast, MS);
        loop.advanceNanos(3 * span + 4 * MS);
        assertTrue(slow.fired.isEmpty(), "not woken on an earlier turn of its slot: " + slow.fired);
        loop.advanceNanos(MS + 2 * (span + 36 * MS));
        assertEquals(List.of(3 * span + 5 * MS, 4 * span + 41 * MS, 5 * span + 77 * MS), slow.fired);
        for (int k = 1; k < fast.fired.size(); k++) {
            assertEquals(20 * MS, fast.fired.get(k) - fast.fired.get(k - 1), "the other pacer keeps its 20 ms");
        }
    }

    @Test
    void aLoopThatStalledLongerThanATurnWakesEveryOverduePacerOnce() {
        List<Every> pacers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Every p = new Every(20 * MS);
            pacers.add(p);
            clock.add(p, (i + 1) * MS);
        }
        loop.stall(3 * PacerClock.SLOTS * MS);
        for (Every p : pacers) {
            assertEquals(List.of(3 * PacerClock.SLOTS * MS), p.fired, "one late wake-up, then its own timeline");
        }
        assertEquals(20, clock.size());
        loop.advanceNanos(20 * MS);
        for (Every p : pacers) {
            assertEquals(2, p.fired.size());
        }
    }

    @Test
    void aClockWhoseTimeIsNegativeKeepsTheGrid() {
        long offset = -1_000_000 * MS - 7 * MS;
        PacerClock negative = new PacerClock(loop, () -> loop.nanoTime() + offset);
        Every p = new Every(20 * MS);
        negative.add(p, offset + 3 * MS);
        loop.advanceNanos(100 * MS);
        assertEquals(5, p.fired.size(), "fired every 20 ms: " + p.fired);
        assertEquals(offset + 3 * MS, p.fired.get(0));
        for (int k = 1; k < p.fired.size(); k++) {
            assertEquals(20 * MS, p.fired.get(k) - p.fired.get(k - 1));
        }
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
