package io.trunkline.core.record;

/**
 * A listening-quality estimate from network figures: the ITU-T G.107 E-model reduced to what a gateway can measure,
 * as commonly used in VoIP monitoring.
 *
 * <ul>
 *   <li>Effective one-way delay {@code d = delay + 2 × jitter + 10 ms} (a jitter buffer twice the jitter, plus
 *       codec and packetisation allowance).</li>
 *   <li>Delay impairment {@code Id = 0.024 d + 0.11 (d − 177.3) H(d − 177.3)}.</li>
 *   <li>Loss impairment for G.711 ({@code Ie = 0}) without packet-loss concealment ({@code Bpl = 4.3}) under
 *       random loss ({@code BurstR = 1}): {@code Ie,eff = 95 Ppl / (Ppl + 4.3)}, {@code Ppl} in percent.</li>
 *   <li>{@code R = 93.2 − Id − Ie,eff} (G.107 default values for everything else), and
 *       {@code MOS = 1 + 0.035 R + R (R − 60)(100 − R) 7·10⁻⁶}, clamped to 1..4.5.</li>
 * </ul>
 */
public final class EModel {

    /** R with every G.107 parameter at its default and no impairment. */
    public static final double R_MAX = 93.2;
    /** G.711 packet-loss robustness without concealment (G.113 Appendix I). */
    public static final double BPL_G711 = 4.3;

    private EModel() {
    }

    /**
     * The transmission rating factor.
     *
     * @param delayMs      one-way network and processing delay
     * @param jitterMs     interarrival jitter
     * @param lossFraction packets lost / expected, 0..1
     */
    public static double rFactor(double delayMs, double jitterMs, double lossFraction) {
        double d = Math.max(0, delayMs) + 2 * Math.max(0, jitterMs) + 10;
        double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
        double ppl = 100 * Math.max(0, Math.min(1, lossFraction));
        double ie = 95 * ppl / (ppl + BPL_G711);
        return R_MAX - id - ie;
    }

    /** The mean opinion score (1..4.5) for a rating factor. */
    public static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        double mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
        return Math.max(1, Math.min(4.5, mos));
    }

    /** {@link #mos(double)} of {@link #rFactor}. */
    public static double mos(double delayMs, double jitterMs, double lossFraction) {
        return mos(rFactor(delayMs, jitterMs, lossFraction));
    }
}
