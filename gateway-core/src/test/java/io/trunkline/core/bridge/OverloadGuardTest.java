package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.loop.LoopLag;
import io.trunkline.core.loop.LoopLagSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The overload guard acts on lateness a loop keeps up, never on one stall such as the first calls after a start. */
class OverloadGuardTest {
    private static final long MS = 1_000_000L;
    private static final long PERIOD = 10 * MS;
    private static final Duration LIMIT = Duration.ofMillis(20);

    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
    private final LoopLag lag = new LoopLag(PERIOD, clock.get());
    private final OverloadGuard guard = new OverloadGuard(source(lag), LIMIT, clock::get);

    @Test
    void oneStallAfterAStartDoesNotRefuseCallsThoughTheAverageJumps() {
        onTime(1000);
        // The first calls load classes and wait for the compiler: the probe runs 400 ms late once.
        for (int waited = 0; waited < 400; waited += 5) {
            clock.addAndGet(5 * MS);
            assertFalse(guard.overloaded(), "during the stall, " + waited + " ms in");
        }
        clock.addAndGet(PERIOD);
        lag.tick(clock.get());
        assertTrue(lag.lagNanos(clock.get()) > 4 * LIMIT.toNanos(),
                "the smoothed lag (the gauge) shows the stall: " + lag.lagNanos(clock.get()) / MS + " ms");
        for (int i = 0; i < 300; i++) {
            assertFalse(guard.overloaded(), "after the stall, " + i * 10 + " ms on");
            clock.addAndGet(PERIOD);
            lag.tick(clock.get());
        }
    }

    @Test
    void lateTicksForMostOfASecondRefuseCallsThenTheGuardRecovers() {
        onTime(1000);
        long lateSince = clock.get();
        boolean refusedEarly = false;
        while (clock.get() - lateSince < 1200 * MS) { // every run of the probe 30 ms late
            clock.addAndGet(PERIOD + 30 * MS);
            lag.tick(clock.get());
            if (clock.get() - lateSince < 500 * MS) {
                refusedEarly |= guard.overloaded();
            }
        }
        assertFalse(refusedEarly, "half a second of lateness is not yet sustained");
        assertTrue(guard.overloaded(), "30 ms late for 1.2 s");
        onTime(1100);
        assertFalse(guard.overloaded(), "recovered once the loop kept time for a second");
    }

    @Test
    void aStuckLoopRefusesCallsBeforeItsProbeRunsAgain() {
        onTime(1000);
        clock.addAndGet(500 * MS);
        assertFalse(guard.overloaded(), "stuck for half a second: could be a stall");
        clock.addAndGet(900 * MS);
        assertTrue(guard.overloaded(), "stuck for 1.4 s");
    }

    @Test
    void lateTicksWithinTheLimitAreNotOverload() {
        for (int i = 0; i < 200; i++) {
            clock.addAndGet(PERIOD + 15 * MS);
            lag.tick(clock.get());
        }
        assertFalse(guard.overloaded(), "15 ms late is within 20 ms");
    }

    @Test
    void zeroMaxLagTurnsTheGuardOff() {
        OverloadGuard off = new OverloadGuard(source(lag), Duration.ZERO, clock::get);
        onTime(100);
        clock.addAndGet(10_000 * MS);
        assertTrue(lag.sustainedLagNanos(clock.get()) > 1000 * MS);
        assertFalse(off.overloaded());
    }

    private void onTime(int millis) {
        for (int i = 0; i < millis / 10; i++) {
            clock.addAndGet(PERIOD);
            lag.tick(clock.get());
        }
    }

    private static LoopLagSource source(LoopLag lag) {
        return new LoopLagSource() {
            @Override
            public long maxLagNanos(long nowNanos) {
                return lag.lagNanos(nowNanos);
            }

            @Override
            public long sustainedLagNanos(long nowNanos) {
                return lag.sustainedLagNanos(nowNanos);
            }
        };
    }
}
