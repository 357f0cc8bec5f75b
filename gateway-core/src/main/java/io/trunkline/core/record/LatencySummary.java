package io.trunkline.core.record;

/**
 * A latency distribution of one call, in milliseconds; NaN where nothing was measured (null in the
 * JSON record).
 *
 * @param count how many latencies were measured
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param maxMs largest
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double maxMs) {

    public static final LatencySummary NONE = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);
}
