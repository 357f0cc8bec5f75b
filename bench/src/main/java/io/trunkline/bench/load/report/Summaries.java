package io.trunkline.bench.load.report;

import io.trunkline.bench.load.stats.Histogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Histograms and samples as JSON-ready maps (milliseconds, rounded to the microsecond). */
public final class Summaries {

    private Summaries() {
    }

    public static Map<String, Object> of(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        if (h.count() > 0) {
            m.put("p50", round(h.percentileMs(0.50)));
            m.put("p90", round(h.percentileMs(0.90)));
            m.put("p95", round(h.percentileMs(0.95)));
            m.put("p99", round(h.percentileMs(0.99)));
            m.put("p999", round(h.percentileMs(0.999)));
            m.put("max", round(h.maxMs()));
            m.put("mean", round(h.meanMs()));
        }
        return m;
    }

    /** Percentiles of a list of values in milliseconds. */
    public static Map<String, Object> ofMillis(List<Double> values) {
        Histogram h = new Histogram();
        for (double v : values) {
            h.record((long) (v * 1e6));
        }
        return of(h);
    }

    public static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** A value from a summary map, or -1. */
    public static double get(Map<String, Object> summary, String key) {
        Object v = summary.get(key);
        return v instanceof Number n ? n.doubleValue() : -1;
    }
}
