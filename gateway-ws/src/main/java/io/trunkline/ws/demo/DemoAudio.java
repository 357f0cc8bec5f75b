package io.trunkline.ws.demo;

/**
 * The demo agent's sounds, as PCM16LE at 16 kHz: a greeting of three rising tones and a short beep. Generated once;
 * the arrays are shared and never modified.
 */
final class DemoAudio {

    static final int SAMPLE_RATE = 16_000;
    /** -12 dBFS: loud enough to hear clearly, far from clipping after any gain in the media path. */
    static final double AMPLITUDE = 32767 * Math.pow(10, -12 / 20.0);
    static final int[] GREETING_HZ = {440, 660, 880};
    static final int GREETING_TONE_MILLIS = 400;
    static final int GREETING_GAP_MILLIS = 100;
    static final int BEEP_HZ = 1500;
    static final int BEEP_MILLIS = 150;
    /** Short fades at both ends of a tone, so that it starts and stops without a click. */
    private static final int FADE_MILLIS = 5;

    /** 440, 660 and 880 Hz for 400 ms each, 100 ms of silence between them: 1.4 s. */
    static final byte[] GREETING = greeting();
    static final byte[] BEEP = tone(BEEP_HZ, BEEP_MILLIS);

    private DemoAudio() {
    }

    private static byte[] greeting() {
        int toneBytes = bytesFor(GREETING_TONE_MILLIS);
        int gapBytes = bytesFor(GREETING_GAP_MILLIS);
        byte[] out = new byte[GREETING_HZ.length * toneBytes + (GREETING_HZ.length - 1) * gapBytes];
        int offset = 0;
        for (int hz : GREETING_HZ) {
            byte[] tone = tone(hz, GREETING_TONE_MILLIS);
            System.arraycopy(tone, 0, out, offset, tone.length);
            offset += tone.length + gapBytes;
        }
        return out;
    }

    /** A sine tone with short fades, as PCM16LE. */
    static byte[] tone(int hz, int millis) {
        int samples = SAMPLE_RATE * millis / 1000;
        int fade = SAMPLE_RATE * FADE_MILLIS / 1000;
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            double gain = Math.min(1.0, Math.min(i, samples - 1 - i) / (double) fade);
            int value = (int) Math.round(AMPLITUDE * gain * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE));
            out[2 * i] = (byte) value;
            out[2 * i + 1] = (byte) (value >> 8);
        }
        return out;
    }

    static int bytesFor(int millis) {
        return SAMPLE_RATE * millis / 1000 * 2;
    }
}
