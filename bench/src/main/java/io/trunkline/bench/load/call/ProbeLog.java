package io.trunkline.bench.load.call;

import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.report.Summaries;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's audio as one caller heard it: every RTP packet of the probe call in arrival order, with the
 * {@link io.trunkline.bench.load.audio.FrameCode} frame it carried, and from that the three figures of a faithful
 * playout:
 *
 * <ul>
 *   <li><b>faithful 100 ms windows</b>: the agent's frames in groups of five (ids 5k..5k+4, all due inside the
 *       window); a group is faithful when its five frames arrived intact, once each, in order, back to back (no
 *       other packet between them) and every gap between them was 20 ± 5 ms;
 *   <li><b>delay spread</b>: each frame's delay is its arrival time minus its due time (when the agent sent the
 *       message carrying it, plus 20 ms per frame before it in that message); the spread is p99 minus p1 of those
 *       delays, so a playout that keeps a constant delay has none, and one whose queue grows or drains has it;
 *   <li><b>pacing</b>: the intervals between consecutive packets (of any content), whose ideal is 20 ms.
 * </ul>
 *
 * Written by the probe's RTP loop while the call runs; summarised once it is over. Frame ids are the frames'
 * indexes (a probe call sends far fewer than 65,536).
 */
public final class ProbeLog {

    public static final long PERIOD_NANOS = 20_000_000L;
    static final long FAITHFUL_GAP_TOLERANCE_NANOS = 5_000_000L;
    static final int WINDOW_FRAMES = 5;

    private final long[] arrivals;
    private final int[] ids;
    private int count;
    private long dropped;

    /** @param capacity packets kept (beyond it, packets are counted as dropped from the log) */
    public ProbeLog(int capacity) {
        this.arrivals = new long[capacity];
        this.ids = new int[capacity];
    }

    /** A packet arrived at {@code nanos} carrying frame {@code id} (or a negative FrameCode marker). */
    public void packet(long nanos, int id) {
        if (count == arrivals.length) {
            dropped++;
            return;
        }
        arrivals[count] = nanos;
        ids[count] = id;
        count++;
    }

    /**
     * The figures over the packets that arrived in [{@code fromNanos}, {@code toNanos}).
     *
     * @param dueAt the due time of frame {@code id} (its send time plus its place in its message), or a value
     *              {@code <= 0} when it was never sent
     */
    public Map<String, Object> summary(long fromNanos, long toNanos, java.util.function.IntToLongFunction dueAt) {
        int first = 0;
        while (first < count && arrivals[first] < fromNanos) {
            first++;
        }
        int end = first;
        while (end < count && arrivals[end] < toNanos) {
            end++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packets", end - first);
        m.put("packetsNotLogged", dropped);
        int coded = 0;
        int silence = 0;
        int undecodable = 0;
        int maxId = -1;
        for (int i = first; i < end; i++) {
            if (ids[i] >= 0) {
                coded++;
                maxId = Math.max(maxId, ids[i]);
            } else if (ids[i] == FrameCode.SILENCE) {
                silence++;
            } else {
                undecodable++;
            }
        }
        m.put("agentFrames", coded);
        m.put("silenceFrames", silence);
        m.put("undecodableFrames", undecodable);

        // Where each frame first arrived, and how often.
        int[] position = new int[maxId + 1];
        int[] seen = new int[maxId + 1];
        Arrays.fill(position, -1);
        long[] delays = new long[coded];
        int delayCount = 0;
        for (int i = first; i < end; i++) {
            int id = ids[i];
            if (id < 0) {
                continue;
            }
            if (seen[id]++ == 0) {
                position[id] = i;
                long due = dueAt.applyAsLong(id);
                if (due > 0) {
                    delays[delayCount++] = arrivals[i] - due;
                }
            }
        }
        int duplicates = 0;
        for (int n : seen) {
            duplicates += Math.max(0, n - 1);
        }
        m.put("duplicateFrames", duplicates);

        // Windows: groups whose five frames were all due inside the interval.
        int windows = 0;
        int faithful = 0;
        for (int base = 0; base + WINDOW_FRAMES - 1 <= maxId; base += WINDOW_FRAMES) {
            long firstDue = dueAt.applyAsLong(base);
            long lastDue = dueAt.applyAsLong(base + WINDOW_FRAMES - 1);
            if (firstDue <= 0 || lastDue <= 0 || firstDue < fromNanos || lastDue >= toNanos) {
                continue;
            }
            windows++;
            faithful += faithful(base, position, seen) ? 1 : 0;
        }
        m.put("windows", windows);
        m.put("faithfulWindows", faithful);
        m.put("faithfulPercent", windows == 0 ? -1 : Summaries.round(100.0 * faithful / windows));

        long[] sortedDelays = Arrays.copyOf(delays, delayCount);
        Arrays.sort(sortedDelays);
        Map<String, Object> delay = new LinkedHashMap<>();
        delay.put("count", delayCount);
        if (delayCount > 0) {
            delay.put("p1", millis(percentile(sortedDelays, 0.01)));
            delay.put("p50", millis(percentile(sortedDelays, 0.50)));
            delay.put("p99", millis(percentile(sortedDelays, 0.99)));
            delay.put("max", millis(sortedDelays[delayCount - 1]));
            delay.put("spreadP1ToP99", millis(percentile(sortedDelays, 0.99) - percentile(sortedDelays, 0.01)));
        }
        m.put("delayMs", delay);

        long[] intervals = new long[Math.max(0, end - first - 1)];
        for (int i = first + 1; i < end; i++) {
            intervals[i - first - 1] = arrivals[i] - arrivals[i - 1];
        }
        Arrays.sort(intervals);
        Map<String, Object> pacing = new LinkedHashMap<>();
        pacing.put("count", intervals.length);
        if (intervals.length > 0) {
            pacing.put("p1", millis(percentile(intervals, 0.01)));
            pacing.put("p50", millis(percentile(intervals, 0.50)));
            pacing.put("p99", millis(percentile(intervals, 0.99)));
            pacing.put("max", millis(intervals[intervals.length - 1]));
        }
        m.put("pacingIntervalMs", pacing);
        return m;
    }

    private boolean faithful(int base, int[] position, int[] seen) {
        for (int k = 0; k < WINDOW_FRAMES; k++) {
            int id = base + k;
            if (seen[id] != 1) {
                return false;
            }
            if (k > 0) {
                int previous = position[id - 1];
                if (position[id] != previous + 1) {
                    return false;
                }
                long gap = arrivals[position[id]] - arrivals[previous];
                if (Math.abs(gap - PERIOD_NANOS) > FAITHFUL_GAP_TOLERANCE_NANOS) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static double millis(long nanos) {
        return Summaries.round(nanos / 1e6);
    }
}
