package io.trunkline.rtp.codec;

/** Synthetic tones and single-bin DFT measurements for the codec tests. */
final class Signals {

    private Signals() {
    }

    /** {@code n} samples of a sine of {@code amplitude} at {@code freq} Hz, sampled at {@code rate}, rounded. */
    static short[] tone(double freq, double amplitude, int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return s;
    }

    /**
     * Amplitude of the {@code freq} component of {@code x[from..from+n)}, by a single DFT bin. Exact (no leakage)
     * when the window holds a whole number of cycles of every tone present.
     */
    static double amplitude(short[] x, int from, int n, double freq, int rate) {
        double re = 0;
        double im = 0;
        double w = 2 * Math.PI * freq / rate;
        for (int i = 0; i < n; i++) {
            re += x[from + i] * Math.cos(w * i);
            im -= x[from + i] * Math.sin(w * i);
        }
        return 2 * Math.hypot(re, im) / n;
    }

    /** Mean power of {@code x[from..from+n)}. */
    static double power(short[] x, int from, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[from + i] * x[from + i];
        }
        return sum / n;
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
