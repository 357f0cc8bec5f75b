package io.trunkline.core.loop;

/** The current lag of the event loops (the worst of them), for the overload guard and the lag gauge. */
@FunctionalInterface
public interface LoopLagSource {
    /** Never late: for embedding and tests without probes. */
    LoopLagSource NONE = nowNanos -> 0;

    /** The smoothed lateness (see {@link LoopLag}) of the worst loop at {@code nowNanos}, in nanoseconds. */
    long maxLagNanos(long nowNanos);
}
