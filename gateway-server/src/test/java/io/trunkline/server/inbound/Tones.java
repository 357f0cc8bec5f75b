package io.trunkline.server.inbound;

import io.trunkline.rtp.codec.G711;

/** Test signals and their measurement: sine tones in μ-law, single-bin DFT (Goertzel) levels in dBFS. */
final class Tones {
    /** Peak amplitude of a 0 dBFS sine. */
    static final double FULL_SCALE = 32767;

    private Tones() {
    }

    /** A sine of {@code hz} at {@code dbfs} (peak), {@code millis} long, as 8 kHz μ-law. */
    static byte[] ulawTone(double hz, double dbfs, int millis) {
        int n = 8 * millis;
        double amplitude = FULL_SCALE * Math.pow(10, dbfs / 20);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = G711.linearToUlaw((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000)));
        }
        return out;
    }

    /** μ-law bytes decoded to linear samples. */
    static short[] decodeUlaw(byte[] ulaw) {
        short[] out = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            out[i] = G711.ulawToLinear(ulaw[i]);
        }
        return out;
    }

    /** PCM16 little-endian bytes as samples. */
    static short[] pcm16le(byte[] pcm) {
        short[] out = new short[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return out;
    }

    /**
     * The peak amplitude of the {@code hz} component of samples [from, to) (Goertzel). Exact for a tone with a
     * whole number of periods in the window; callers choose such windows so that nothing leaks between bins.
     */
    static double amplitude(short[] samples, int sampleRate, double hz, int from, int to) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double magnitudeSquared = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, magnitudeSquared)) / (to - from);
    }

    /** Level of the {@code hz} component in dBFS (a full-scale sine is 0 dBFS). */
    static double levelDbfs(short[] samples, int sampleRate, double hz, int from, int to) {
        return db(amplitude(samples, sampleRate, hz, from, to) / FULL_SCALE);
    }

    static double db(double ratio) {
        return 20 * Math.log10(Math.max(ratio, 1e-12));
    }

    /** Shortens {@code length} to a whole multiple of {@code period} samples (no leakage between exact bins). */
    static int wholePeriods(int length, int period) {
        return length - length % period;
    }
}
