package io.trunkline.bench.load.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value per second of the window (count, mean, max), to tell a standing delay from a periodic stall. Single
 * writer (the loop that records), read after the run.
 */
public final class Timeline {

    private static final int SECONDS = 900;

    private final MeasureWindow window;
    private final long[] count = new long[SECONDS];
    private final double[] sum = new double[SECONDS];
    private final long[] max = new long[SECONDS];

    public Timeline(MeasureWindow window) {
        this.window = window;
    }

    /** Records {@code nanos} observed at {@code now} (inside the window). */
    public void record(long now, long nanos) {
        long second = (now - window.startNanos()) / 1_000_000_000L;
        if (second < 0 || second >= SECONDS) {
            return;
        }
        int s = (int) second;
        count[s]++;
        sum[s] += nanos;
        if (nanos > max[s]) {
            max[s] = nanos;
        }
    }

    /** Per second: [mean ms, max ms], up to the last second with data. */
    public List<Map<String, Object>> seconds() {
        int last = SECONDS - 1;
        while (last >= 0 && count[last] == 0) {
            last--;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int s = 0; s <= last; s++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", s);
            m.put("n", count[s]);
            m.put("meanMs", count[s] == 0 ? 0 : Math.round(sum[s] / count[s] / 1e3) / 1e3);
            m.put("maxMs", Math.round(max[s] / 1e3) / 1e3);
            out.add(m);
        }
        return out;
    }
}
