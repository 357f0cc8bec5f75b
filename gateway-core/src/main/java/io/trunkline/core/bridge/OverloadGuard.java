package io.trunkline.core.bridge;

import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.loop.LoopLagSource;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new calls while the event loops run late, so that the calls already up keep their 20 ms pacing instead of
 * every call degrading together. The loops' lag comes from probes on each loop ({@link LoopLagSource}); the guard
 * acts on the lateness a loop kept up over most of the last second, so a single stall (class loading and
 * compilation of the first calls after a start, a neighbour taking the CPU for a moment) does not refuse anyone,
 * while a loop that stays late, or is stuck, does.
 */
final class OverloadGuard {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadGuard.class);

    private final LoopLagSource lag;
    private final long maxLagNanos;
    private final LongSupplier nanoClock;
    private final LogLimiter logLimiter = new LogLimiter(10_000, 1);

    /** @param maxLag zero turns the guard off */
    OverloadGuard(LoopLagSource lag, Duration maxLag, LongSupplier nanoClock) {
        this.lag = lag;
        this.maxLagNanos = maxLag.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a new call must be refused now. */
    boolean overloaded() {
        if (maxLagNanos == 0) {
            return false;
        }
        long current = lag.sustainedLagNanos(nanoClock.getAsLong());
        if (current <= maxLagNanos) {
            return false;
        }
        long dropped = logLimiter.tryAcquire();
        if (dropped >= 0) {
            LOG.warn("event loops {} ms late for most of the last second (limit {} ms): refusing new calls{}",
                    current / 1_000_000, maxLagNanos / 1_000_000, LogLimiter.dropped(dropped));
        }
        return true;
    }
}
