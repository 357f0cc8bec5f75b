package io.trunkline.metrics.history;

import java.util.Map;

/**
 * One minute of the gateway's calls, for the live page's charts. Times in milliseconds; NaN ({@code null} in JSON)
 * when no call of the minute measured the figure.
 *
 * @param t                the minute's start, in seconds since the epoch (what a chart's time axis wants)
 * @param activeMax        the most calls in progress at one sample during the minute; null when not sampled
 * @param ended            calls that ended during the minute
 * @param outcomes         those calls by outcome ({@code answered}, {@code failed}, …), every outcome listed
 * @param setupP95Ms       INVITE to 200 OK, 95th percentile over the minute's answered calls
 * @param firstSpeechP95Ms answer to the agent's first speech, 95th percentile
 * @param turnP95Ms        the calls' own turn-latency 95th percentiles, 95th percentile
 * @param verdicts         the calls by verdict: the layer named slowest ({@code carrier}, {@code gateway},
 *                         {@code agent}) or {@code none}
 * @param lossFraction     inbound packets lost over all the minute's calls, 0..1
 * @param jitterP95Ms      the calls' mean inbound jitter, 95th percentile
 */
public record MinuteFigures(long t, Integer activeMax, int ended, Map<String, Integer> outcomes, double setupP95Ms,
        double firstSpeechP95Ms, double turnP95Ms, Map<String, Integer> verdicts, double lossFraction,
        double jitterP95Ms) {
}
