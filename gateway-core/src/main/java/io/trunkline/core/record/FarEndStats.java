package io.trunkline.core.record;

/**
 * What the carrier's RTCP reports said about the audio we sent it; only present when at least one report about our
 * stream arrived. Times in milliseconds, NaN where unknown (null in the JSON record).
 *
 * @param reports           report blocks about our stream received
 * @param cumulativeLost    packets the carrier counted as lost, latest report
 * @param lossFraction      cumulative lost / packets we sent, 0..1
 * @param fractionLostMax   the largest per-interval fraction lost reported, 0..1
 * @param jitterMeanMs      mean of the reported jitter
 * @param jitterMaxMs       largest reported jitter
 * @param rttMs             latest round-trip time (RFC 3550 §6.4.1), NaN until the carrier echoed one of our SRs
 * @param rttMaxMs          largest round-trip time
 */
public record FarEndStats(
        long reports,
        long cumulativeLost,
        double lossFraction,
        double fractionLostMax,
        double jitterMeanMs,
        double jitterMaxMs,
        double rttMs,
        double rttMaxMs) {
}
