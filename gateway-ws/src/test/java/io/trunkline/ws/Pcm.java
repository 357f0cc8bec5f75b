package io.trunkline.ws;

/** PCM16LE helpers for tests: tones, levels and the Goertzel filter. */
public final class Pcm {
    private Pcm() {
    }

    /** A sine tone as PCM16LE. */
    public static byte[] tone(int hz, int millis, int sampleRate, double amplitude) {
        int samples = sampleRate * millis / 1000;
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int v = (int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    public static short sample(byte[] pcm, int index) {
        return (short) ((pcm[2 * index] & 0xff) | (pcm[2 * index + 1] << 8));
    }

    /** The power of {@code hz} in samples [from, to) (Goertzel), normalised by the length. */
    public static double power(byte[] pcm, int sampleRate, int hz, int from, int to) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = sample(pcm, i) + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        int n = to - from;
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / ((double) n * n);
    }

    /** Root mean square of samples [from, to). */
    public static double rms(byte[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double s = sample(pcm, i);
            sum += s * s;
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Which of {@code candidates} has the most power in samples [from, to). */
    public static int dominant(byte[] pcm, int sampleRate, int from, int to, int... candidates) {
        int best = -1;
        double bestPower = -1;
        for (int hz : candidates) {
            double p = power(pcm, sampleRate, hz, from, to);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }
}
