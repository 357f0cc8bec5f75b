package io.trunkline.bench.load.stats;

/**
 * A fixed-bucket latency histogram: 1 µs buckets up to 20 ms, then 100 µs buckets up to 2 s, then one overflow
 * bucket. Recording is an array increment (no allocation), so it can sit on the hot path of the harness. Not
 * thread-safe: one histogram per thread, {@link #add merged} at the end.
 */
public final class Histogram {

    private static final int FINE = 20_000;
    private static final int COARSE = 19_800;
    private static final long FINE_LIMIT_NANOS = FINE * 1_000L;
    private static final long COARSE_STEP_NANOS = 100_000L;

    private final long[] counts = new long[FINE + COARSE + 1];
    private long total;
    private long max;
    private double sum;

    /** Records one value in nanoseconds; negative values count as 0. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[bucket(v)]++;
        total++;
        sum += v;
        if (v > max) {
            max = v;
        }
    }

    /** Adds another histogram's counts to this one. */
    public void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    /** The value at quantile {@code q} (0..1) in milliseconds (upper edge of its bucket), or -1 when empty. */
    public double percentileMs(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        rank = Math.max(1, Math.min(rank, total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperEdgeNanos(i), max) / 1e6;
            }
        }
        return max / 1e6;
    }

    public double maxMs() {
        return total == 0 ? -1 : max / 1e6;
    }

    public double meanMs() {
        return total == 0 ? -1 : sum / total / 1e6;
    }

    /** How many values exceeded {@code nanos} (to the bucket; beyond 2 s, every value of the overflow bucket). */
    public long countAbove(long nanos) {
        int from = bucket(nanos);
        long n = 0;
        for (int i = from == counts.length - 1 ? from : from + 1; i < counts.length; i++) {
            n += counts[i];
        }
        return n;
    }

    private static int bucket(long v) {
        if (v < FINE_LIMIT_NANOS) {
            return (int) (v / 1_000L);
        }
        long coarse = (v - FINE_LIMIT_NANOS) / COARSE_STEP_NANOS;
        return coarse < COARSE ? FINE + (int) coarse : FINE + COARSE;
    }

    private static long upperEdgeNanos(int bucket) {
        if (bucket < FINE) {
            return (bucket + 1) * 1_000L;
        }
        if (bucket < FINE + COARSE) {
            return FINE_LIMIT_NANOS + (bucket - FINE + 1) * COARSE_STEP_NANOS;
        }
        return Long.MAX_VALUE;
    }
}
