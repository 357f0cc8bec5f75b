package io.trunkline.core.record;

/**
 * Conversational turns of one call: how long the agent took to start speaking after the caller stopped. In
 * milliseconds; NaN (null in the JSON record) when there was no turn.
 *
 * @param count turns measured
 * @param p50Ms median response latency
 * @param p95Ms 95th percentile
 * @param maxMs slowest turn
 */
public record TurnStats(int count, double p50Ms, double p95Ms, double maxMs) {

    public static final TurnStats NONE = new TurnStats(0, Double.NaN, Double.NaN, Double.NaN);
}
