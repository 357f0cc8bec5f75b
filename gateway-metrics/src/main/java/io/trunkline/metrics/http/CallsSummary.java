package io.trunkline.metrics.http;

import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The dashboard's headline figures over a window of recent records: how many calls and how they went, set-up time,
 * time to first speech, turn latency and jitter at the 95th percentile (nearest rank over the calls that measured
 * them), inbound loss over all their packets, mean MOS, and how often each layer was named slowest. Times in
 * milliseconds; NaN ({@code null} in JSON) when no call in the window measured the figure.
 */
public record CallsSummary(int window, int answered, Map<String, Integer> outcomes, double setupP95Ms,
        double firstSpeechP95Ms, double turnP95Ms, double jitterP95Ms, double lossFraction, double mosMean,
        Map<String, Integer> verdicts) {

    public static CallsSummary of(List<CallRecord> records) {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (CallOutcome o : CallOutcome.values()) {
            outcomes.put(o.tag(), 0);
        }
        Map<String, Integer> verdicts = new LinkedHashMap<>();
        for (String v : List.of("carrier", "gateway", "agent", "none")) {
            verdicts.put(v, 0);
        }
        long packets = 0;
        long lost = 0;
        double mosSum = 0;
        int mosCount = 0;
        for (CallRecord r : records) {
            outcomes.merge(r.outcome().tag(), 1, Integer::sum);
            verdicts.merge(r.attribution().verdict(), 1, Integer::sum);
            packets += r.inbound().packets();
            lost += Math.max(0, r.inbound().lost());
            if (r.quality().mos() >= 1) {
                mosSum += r.quality().mos();
                mosCount++;
            }
        }
        // A transferred call was answered first: the headline counts it with the others.
        int answered = outcomes.get(CallOutcome.ANSWERED.tag()) + outcomes.get(CallOutcome.TRANSFERRED.tag());
        return new CallsSummary(records.size(), answered, outcomes,
                p95(records, r -> r.sip().answered()),
                p95(records, r -> r.agent().firstSpeechMs()),
                p95(records, r -> r.turns().p95Ms()),
                p95(records, r -> r.inbound().packets() > 0 ? r.inbound().jitterMeanMs() : Double.NaN),
                packets + lost == 0 ? Double.NaN : lost / (double) (packets + lost),
                mosCount == 0 ? Double.NaN : mosSum / mosCount, verdicts);
    }

    /** Nearest-rank 95th percentile of the measured (non-NaN, non-negative) values; NaN when there is none. */
    static double p95(List<CallRecord> records, ToDoubleFunction<CallRecord> figure) {
        List<Double> values = new ArrayList<>();
        for (CallRecord r : records) {
            double v = figure.applyAsDouble(r);
            if (v >= 0) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
