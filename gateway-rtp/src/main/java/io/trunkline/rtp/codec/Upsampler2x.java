package io.trunkline.rtp.codec;

import java.util.Arrays;

/**
 * Streaming 8 kHz to 16 kHz resampler: zero-stuffing followed by the {@link HalfBandFilter}, computed as two
 * polyphase branches. The centre-tap branch is a pure delay, so every other output sample is an input sample
 * verbatim; the other branch is a symmetric {@value HalfBandFilter#PAIRS}-pair FIR.
 *
 * <p>Filter state is kept between calls, so audio cut into frames of any size gives exactly the same output as the
 * whole stream processed at once (no clicks at frame edges). Group delay: {@value HalfBandFilter#CENTER} samples at
 * 16 kHz. One instance per stream; not thread-safe; never allocates after construction.
 */
public final class Upsampler2x {

    /** Input samples handled per pass; longer inputs are processed in several passes. */
    private static final int BLOCK = 320;
    private static final int HISTORY = HalfBandFilter.CENTER;
    /** The pure-delay branch outputs the input from this many samples back. */
    private static final int DELAY = (HalfBandFilter.CENTER - 1) / 2;

    /** Gain 2 makes up for the zero-stuffing. */
    private static final float[] COEFFS = HalfBandFilter.pairCoefficients(2.0);

    /** {@code HISTORY} past samples followed by the current block. */
    private final float[] buf = new float[HISTORY + BLOCK];
    /** The interpolated samples of the current block, before rounding. */
    private final float[] acc = new float[BLOCK];

    /**
     * Resamples {@code n} samples from {@code in[inOff..]} and writes exactly {@code 2n} samples to
     * {@code out[outOff..]}.
     *
     * @return the number of samples written, {@code 2n}
     */
    public int process(short[] in, int inOff, int n, short[] out, int outOff) {
        Ranges.check(in.length, inOff, n);
        Ranges.check(out.length, outOff, 2 * n);
        float[] b = buf;
        int done = 0;
        while (done < n) {
            int m = Math.min(BLOCK, n - done);
            for (int k = 0; k < m; k++) {
                b[HISTORY + k] = in[inOff + done + k];
            }
            filter(m, out, outOff + 2 * done);
            System.arraycopy(b, m, b, 0, HISTORY);
            done += m;
        }
        return 2 * n;
    }

    /** Forgets all past input, as at construction. */
    public void reset() {
        Arrays.fill(buf, 0f);
    }

    /**
     * For each input {@code k} of the block: the interpolated sample (the pairs over {@code buf[k..k + CENTER]},
     * saturated), then the input delayed by {@code DELAY}. The sum is written out for the
     * {@value HalfBandFilter#PAIRS} pairs on purpose (see {@link HalfBandFilter}); rounding and interleaving run as a
     * second pass because folding them into the sum loop measured slower.
     */
    private void filter(int m, short[] out, int outOff) {
        float[] b = buf;
        float[] a = acc;
        final float c0 = COEFFS[0], c1 = COEFFS[1], c2 = COEFFS[2], c3 = COEFFS[3], c4 = COEFFS[4];
        final float c5 = COEFFS[5], c6 = COEFFS[6], c7 = COEFFS[7], c8 = COEFFS[8], c9 = COEFFS[9];
        final float c10 = COEFFS[10], c11 = COEFFS[11], c12 = COEFFS[12], c13 = COEFFS[13], c14 = COEFFS[14];
        for (int k = 0; k < m; k++) {
            a[k] = c0 * (b[k] + b[k + 29])
                    + c1 * (b[k + 1] + b[k + 28])
                    + c2 * (b[k + 2] + b[k + 27])
                    + c3 * (b[k + 3] + b[k + 26])
                    + c4 * (b[k + 4] + b[k + 25])
                    + c5 * (b[k + 5] + b[k + 24])
                    + c6 * (b[k + 6] + b[k + 23])
                    + c7 * (b[k + 7] + b[k + 22])
                    + c8 * (b[k + 8] + b[k + 21])
                    + c9 * (b[k + 9] + b[k + 20])
                    + c10 * (b[k + 10] + b[k + 19])
                    + c11 * (b[k + 11] + b[k + 18])
                    + c12 * (b[k + 12] + b[k + 17])
                    + c13 * (b[k + 13] + b[k + 16])
                    + c14 * (b[k + 14] + b[k + 15]);
        }
        for (int k = 0; k < m; k++) {
            out[outOff + 2 * k] = Saturation.toShort(a[k]);
            out[outOff + 2 * k + 1] = (short) b[k + HISTORY - DELAY];
        }
    }
}
