package io.trunkline.rtp.codec;

/**
 * The linear-phase half-band low-pass FIR shared by {@link Upsampler2x} and {@link Downsampler2x}, at 16 kHz.
 *
 * <p>Design: ideal half-band ({@code sin(πd/2)/(πd)}) times a Kaiser window, {@value #TAPS} taps, β = {@value #BETA}
 * (chosen to maximise the stopband for this length). Transition band 3.4–4.6 kHz, symmetric about 4 kHz as every
 * half-band is. Response: passband ripple under 0.01 dB to 3.4 kHz, stopband at least 69 dB from 4.6 kHz, -6 dB at
 * 4 kHz. Every even offset from the centre is zero, so only {@value #PAIRS} distinct coefficients multiply, each
 * applied to a symmetric pair of samples. The odd taps are scaled to sum to exactly 0.5 so DC passes with gain 1
 * through both polyphase branches (no DC image when upsampling).
 *
 * <p>Group delay: {@value #CENTER} samples at 16 kHz (1.8125 ms).
 *
 * <p>The resamplers write the {@value #PAIRS}-pair sum out in full inside one loop over the block. C2 (JDK 17) does
 * not vectorise a FIR (it will not pack loads of one array at offsets that differ in alignment), so the scalar
 * kernel is what runs; a written-out sum keeps it to one pass with no loop over taps, and its fixed summation order
 * makes the output independent of block boundaries. Changing {@link #CENTER} means rewriting those two loops.
 */
final class HalfBandFilter {

    /** Offset of the centre tap; odd, so the outermost taps (±CENTER) are non-zero. */
    static final int CENTER = 29;
    static final int TAPS = 2 * CENTER + 1;
    /** Distinct non-zero coefficients besides the centre: offsets ±1, ±3, ... ±CENTER. */
    static final int PAIRS = (CENTER + 1) / 2;
    static final double BETA = 6.85;

    private HalfBandFilter() {
    }

    /** All {@link #TAPS} coefficients, index {@code CENTER} is the centre (0.5). DC gain exactly 1. */
    static double[] taps() {
        double[] h = new double[TAPS];
        double oddSum = 0;
        for (int d = 1; d <= CENTER; d += 2) {
            double ideal = Math.sin(Math.PI * d / 2) / (Math.PI * d);
            double v = ideal * kaiser(d);
            h[CENTER + d] = v;
            h[CENTER - d] = v;
            oddSum += 2 * v;
        }
        double scale = 0.5 / oddSum;
        for (int d = 1; d <= CENTER; d += 2) {
            h[CENTER + d] *= scale;
            h[CENTER - d] *= scale;
        }
        h[CENTER] = 0.5;
        return h;
    }

    /**
     * The pair coefficients in the order the resamplers apply them: element {@code j} (0..PAIRS-1) multiplies the
     * samples {@code j} and {@code CENTER - j} positions back on the odd polyphase branch, i.e. offset
     * {@code d = CENTER - 2j} from the centre; element 0 is the outermost (smallest) tap.
     */
    static float[] pairCoefficients(double gain) {
        double[] h = taps();
        float[] c = new float[PAIRS];
        for (int j = 0; j < PAIRS; j++) {
            c[j] = (float) (gain * h[2 * j]);
        }
        return c;
    }

    /** Kaiser window at offset {@code d} from the centre of a {@link #TAPS}-long window. */
    private static double kaiser(int d) {
        double r = (double) d / CENTER;
        return besselI0(BETA * Math.sqrt(1 - r * r)) / besselI0(BETA);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x < 20). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 64; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
