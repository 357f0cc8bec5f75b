package io.trunkline.rtp.codec;

import java.util.Arrays;

/**
 * Streaming 16 kHz to 8 kHz resampler: the {@link HalfBandFilter} evaluated only at the kept output instants. The
 * centre tap reads one input sample and the {@value HalfBandFilter#PAIRS} symmetric pairs of non-zero taps read
 * the samples of the other parity, so each output costs one multiply per pair.
 *
 * <p>One output sample is produced per complete input pair. An odd sample left at the end of a call stays in the
 * buffer and is paired with the first sample of the next call, and the filter history is carried too, so any split
 * of the stream into calls gives the same output as processing it at once. Group delay:
 * {@value HalfBandFilter#CENTER} samples at 16 kHz (14.5 samples at 8 kHz). One instance per stream; not
 * thread-safe; never allocates after construction.
 */
public final class Downsampler2x {

    /** Input samples converted per pass. */
    private static final int BLOCK = 320;
    /** Samples before the pair that completes the next output: the filter span minus that pair. */
    private static final int HISTORY = HalfBandFilter.TAPS - 2;

    private static final float[] COEFFS = HalfBandFilter.pairCoefficients(1.0);

    /** Input at 16 kHz: {@code HISTORY} past samples, then new ones; {@code filled} of them are valid. */
    private final float[] buf = new float[HISTORY + 1 + BLOCK];
    private int filled = HISTORY;

    /**
     * Resamples {@code n} samples from {@code in[inOff..]} into {@code out[outOff..]}. Writes
     * {@code (n + carried) / 2} samples, where {@code carried} is 1 when the previous call left an odd sample over.
     * {@code out} needs room for {@code (n + 1) / 2} samples.
     *
     * @return the number of samples written
     */
    public int process(short[] in, int inOff, int n, short[] out, int outOff) {
        Ranges.check(in.length, inOff, n);
        Ranges.check(out.length, outOff, (n + filled - HISTORY) / 2);
        int done = 0;
        int written = 0;
        while (done < n) {
            int m = Math.min(buf.length - filled, n - done);
            float[] b = buf;
            for (int k = 0; k < m; k++) {
                b[filled + k] = in[inOff + done + k];
            }
            filled += m;
            done += m;
            int pairs = (filled - HISTORY) / 2;
            filter(pairs, out, outOff + written);
            written += pairs;
            filled -= 2 * pairs;
            System.arraycopy(b, 2 * pairs, b, 0, filled);
        }
        return written;
    }

    /** Whether an odd input sample is waiting for its pair. */
    boolean hasPending() {
        return filled > HISTORY;
    }

    /** Forgets all past input, including a carried odd sample. */
    public void reset() {
        Arrays.fill(buf, 0f);
        filled = HISTORY;
    }

    /**
     * Output {@code i} of the block: the centre tap on {@code buf[2i + CENTER]} plus the pairs on the samples of the
     * other parity, saturated. Written out for the {@value HalfBandFilter#PAIRS} pairs on purpose: see
     * {@link HalfBandFilter}.
     */
    private void filter(int count, short[] out, int outOff) {
        float[] b = buf;
        final float c0 = COEFFS[0], c1 = COEFFS[1], c2 = COEFFS[2], c3 = COEFFS[3], c4 = COEFFS[4];
        final float c5 = COEFFS[5], c6 = COEFFS[6], c7 = COEFFS[7], c8 = COEFFS[8], c9 = COEFFS[9];
        final float c10 = COEFFS[10], c11 = COEFFS[11], c12 = COEFFS[12], c13 = COEFFS[13], c14 = COEFFS[14];
        for (int i = 0; i < count; i++) {
            int i2 = 2 * i;
            float y = c0 * (b[i2] + b[i2 + 58])
                    + c1 * (b[i2 + 2] + b[i2 + 56])
                    + c2 * (b[i2 + 4] + b[i2 + 54])
                    + c3 * (b[i2 + 6] + b[i2 + 52])
                    + c4 * (b[i2 + 8] + b[i2 + 50])
                    + c5 * (b[i2 + 10] + b[i2 + 48])
                    + c6 * (b[i2 + 12] + b[i2 + 46])
                    + c7 * (b[i2 + 14] + b[i2 + 44])
                    + c8 * (b[i2 + 16] + b[i2 + 42])
                    + c9 * (b[i2 + 18] + b[i2 + 40])
                    + c10 * (b[i2 + 20] + b[i2 + 38])
                    + c11 * (b[i2 + 22] + b[i2 + 36])
                    + c12 * (b[i2 + 24] + b[i2 + 34])
                    + c13 * (b[i2 + 26] + b[i2 + 32])
                    + c14 * (b[i2 + 28] + b[i2 + 30]);
            out[outOff + i] = Saturation.toShort(y + 0.5f * b[i2 + 29]);
        }
    }
}
