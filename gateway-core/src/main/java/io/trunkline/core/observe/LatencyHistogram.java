package io.trunkline.core.observe;

import io.trunkline.core.record.LatencySummary;

/**
 * A per-call latency histogram that records without allocating: log-linear buckets (eight per doubling, so any
 * percentile is within about 9 % of the true value) from 1 µs to about 17 s; anything longer lands in the top
 * bucket, anything shorter in the bottom one. The maximum is kept exactly. Single-threaded, like the leg that owns
 * it.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** 2^10 ns ≈ 1 µs: the lower edge of the first doubling. */
    private static final int MIN_EXPONENT = 10;
    /** 2^34 ns ≈ 17 s: the upper edge of the last doubling. */
    private static final int MAX_EXPONENT = 34;
    private static final int BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS + 1;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    /** Records one latency; negative values count as zero. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        count++;
        if (v > max) {
            max = v;
        }
    }

    public long count() {
        return count;
    }

    public long maxNanos() {
        return max;
    }

    /**
     * The {@code q} quantile (0 < q ≤ 1, nearest rank) in nanoseconds: the midpoint of the bucket holding the
     * value, never above the recorded maximum; -1 when nothing was recorded.
     */
    public long quantileNanos(double q) {
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, midpoint(i));
            }
        }
        return max;
    }

    /** Count, p50, p99 and maximum in milliseconds. */
    public LatencySummary summary() {
        if (count == 0) {
            return LatencySummary.NONE;
        }
        return new LatencySummary(count, quantileNanos(0.50) / 1e6, quantileNanos(0.99) / 1e6, max / 1e6);
    }

    static int index(long nanos) {
        if (nanos < (1L << MIN_EXPONENT)) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub + 1;
    }

    /** A representative value of bucket {@code i}. */
    static long midpoint(int i) {
        if (i == 0) {
            return (1L << MIN_EXPONENT) / 2;
        }
        if (i == BUCKETS - 1) {
            return 1L << MAX_EXPONENT;
        }
        int exponent = (i - 1) / SUB_BUCKETS + MIN_EXPONENT;
        int sub = (i - 1) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        long lower = (1L << exponent) + sub * width;
        return lower + width / 2;
    }
}
