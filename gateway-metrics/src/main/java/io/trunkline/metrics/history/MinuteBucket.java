package io.trunkline.metrics.history;

import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one minute of calls adds up to, as records arrive. Percentiles are taken over at most
 * {@link #MAX_VALUES} calls a minute (the first ones); counts cover every call. Not thread-safe:
 * {@link CallHistory} guards it.
 */
final class MinuteBucket {
    static final int MAX_VALUES = 1024;
    static final List<String> VERDICTS = List.of("carrier", "gateway", "agent", "none");

    private final long minute;
    private final int[] outcomes = new int[CallOutcome.values().length];
    private final int[] verdicts = new int[VERDICTS.size()];
    private final Values setup = new Values();
    private final Values firstSpeech = new Values();
    private final Values turn = new Values();
    private final Values jitter = new Values();
    private int ended;
    private int activeMax = -1;
    private long packets;
    private long lost;

    /** @param minute minutes since the epoch */
    MinuteBucket(long minute) {
        this.minute = minute;
    }

    long minute() {
        return minute;
    }

    void add(CallRecord r) {
        ended++;
        outcomes[r.outcome().ordinal()]++;
        int v = VERDICTS.indexOf(r.attribution().verdict());
        verdicts[v < 0 ? VERDICTS.size() - 1 : v]++;
        setup.add(r.answeredAt() == null ? Double.NaN : r.sip().answered());
        firstSpeech.add(r.agent().firstSpeechMs());
        turn.add(r.turns().p95Ms());
        if (r.inbound().packets() > 0) {
            jitter.add(r.inbound().jitterMeanMs());
            packets += r.inbound().packets();
            lost += Math.max(0, r.inbound().lost());
        }
    }

    void active(int calls) {
        activeMax = Math.max(activeMax, calls);
    }

    MinuteFigures figures() {
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        for (CallOutcome o : CallOutcome.values()) {
            byOutcome.put(o.tag(), outcomes[o.ordinal()]);
        }
        Map<String, Integer> byVerdict = new LinkedHashMap<>();
        for (int i = 0; i < VERDICTS.size(); i++) {
            byVerdict.put(VERDICTS.get(i), verdicts[i]);
        }
        return new MinuteFigures(minute * 60, activeMax < 0 ? null : activeMax, ended, byOutcome, setup.p95(),
                firstSpeech.p95(), turn.p95(), byVerdict,
                packets + lost == 0 ? Double.NaN : lost / (double) (packets + lost), jitter.p95());
    }

    /** The figures of a minute nothing happened in (no call ended, no sample taken). */
    static MinuteFigures empty(long minute) {
        return new MinuteBucket(minute).figures();
    }

    /** Measured values (NaN and negatives are "not measured" and skipped), bounded. */
    private static final class Values {
        private double[] values = new double[8];
        private int count;

        void add(double v) {
            if (!(v >= 0) || count == MAX_VALUES) {
                return;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, Math.min(MAX_VALUES, count * 2));
            }
            values[count++] = v;
        }

        /** Nearest-rank 95th percentile; NaN when there is no value. */
        double p95() {
            if (count == 0) {
                return Double.NaN;
            }
            double[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(0.95 * count);
            return sorted[Math.max(0, rank - 1)];
        }
    }
}
