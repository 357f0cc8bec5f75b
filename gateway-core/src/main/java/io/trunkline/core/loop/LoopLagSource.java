package io.trunkline.core.loop;

/** The current lag of the event loops (the worst of them), for the overload guard and the lag gauge. */
public interface LoopLagSource {
    /** Never late: for embedding and tests without probes. */
    LoopLagSource NONE = new LoopLagSource() {
        @Override
        public long maxLagNanos(long nowNanos) {
            return 0;
        }

        @Override
        public long sustainedLagNanos(long nowNanos) {
            return 0;
        }
    };

    /** The smoothed lateness (see {@link LoopLag}) of the worst loop at {@code nowNanos}, in nanoseconds. */
    long maxLagNanos(long nowNanos);

    /**
     * The lateness that the worst loop kept up over most of the last second (see {@link LoopLag#sustainedLagNanos}),
     * in nanoseconds: what the overload guard acts on.
     */
    long sustainedLagNanos(long nowNanos);
}
