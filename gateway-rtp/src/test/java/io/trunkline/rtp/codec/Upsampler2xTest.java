package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Upsampler2xTest {

    private static final double AMPLITUDE = 16000;
    /** 20 ms at 8 kHz. */
    private static final int FRAME = 160;
    /** Skip 100 ms of start-up, then measure 200 ms: whole cycles of every tone used, so a DFT bin is exact. */
    private static final int SKIP = 1600;
    private static final int WINDOW = 3200;

    /** Upsamples {@code in} in 20 ms frames. */
    private static short[] upsampleFramed(short[] in) {
        Upsampler2x up = new Upsampler2x();
        short[] out = new short[2 * in.length];
        for (int off = 0; off < in.length; off += FRAME) {
            int n = Math.min(FRAME, in.length - off);
            assertEquals(2 * n, up.process(in, off, n, out, 2 * off));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 1000, 2000, 3000, 3400})
    void passbandIsFlatAndImageIsRejected(int freq) {
        short[] out = upsampleFramed(Signals.tone(freq, AMPLITUDE, 8000, 4000));
        double tone = Signals.amplitude(out, SKIP, WINDOW, freq, 16000);
        short[] ref = upsampleFramed(Signals.tone(1000, AMPLITUDE, 8000, 4000));
        double at1k = Signals.amplitude(ref, SKIP, WINDOW, 1000, 16000);
        assertTrue(Math.abs(Signals.db(tone / at1k)) <= 0.1, freq + " Hz vs 1 kHz: " + Signals.db(tone / at1k));
        assertTrue(Math.abs(Signals.db(tone / AMPLITUDE)) <= 0.1, freq + " Hz gain: " + Signals.db(tone / AMPLITUDE));
        double image = Signals.amplitude(out, SKIP, WINDOW, 8000 - freq, 16000);
        assertTrue(Signals.db(image / tone) <= -60, "image of " + freq + " Hz at " + (8000 - freq) + " Hz: "
                + Signals.db(image / tone) + " dB");
    }

    @Test
    void chunkedOutputIsIdenticalToOneShot() {
        Random rnd = new Random(42);
        short[] in = new short[4000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (rnd.nextGaussian() * 8000);
        }
        short[] oneShot = new short[2 * in.length];
        new Upsampler2x().process(in, 0, in.length, oneShot, 0);

        assertArrayEquals(oneShot, upsampleFramed(in));

        Upsampler2x up = new Upsampler2x();
        short[] ragged = new short[2 * in.length];
        int off = 0;
        while (off < in.length) {
            int n = Math.min(rnd.nextInt(700), in.length - off);
            up.process(in, off, n, ragged, 2 * off);
            off += n;
        }
        assertArrayEquals(oneShot, ragged);
    }

    @Test
    void matchesDirectConvolutionAndSaturates() {
        double[] h = HalfBandFilter.taps();
        // A full-scale square wave overshoots after filtering (Gibbs): the output must clip, not wrap.
        short[] in = new short[800];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i / 4) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = new short[1600];
        new Upsampler2x().process(in, 0, in.length, out, 0);
        boolean clipped = false;
        for (int t = 0; t < out.length; t++) {
            double y = 0;
            for (int n = 0; n < h.length; n++) {
                int u = t - n;
                if (u >= 0 && u % 2 == 0) {
                    y += 2 * h[n] * in[u / 2];
                }
            }
            clipped |= y > Short.MAX_VALUE + 1 || y < Short.MIN_VALUE - 1;
            double expected = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, y));
            assertEquals(expected, out[t], 1.0, "sample " + t);
        }
        assertTrue(clipped, "test signal must exceed the 16-bit range after filtering");
    }

    @Test
    void impulseResponseIsTheFilterDelayedByItsCentre() {
        double[] h = HalfBandFilter.taps();
        short[] in = new short[60];
        in[0] = 10000;
        short[] out = new short[120];
        new Upsampler2x().process(in, 0, in.length, out, 0);
        for (int t = 0; t < out.length; t++) {
            double expected = t < h.length ? 2 * h[t] * 10000 : 0;
            assertEquals(expected, out[t], 0.5 + 1e-3, "t=" + t);
        }
        assertEquals(10000, out[HalfBandFilter.CENTER], "peak at the group delay");
    }

    @Test
    void everyOtherOutputIsTheInputDelayed() {
        short[] in = Signals.tone(1234, 20000, 8000, 400);
        short[] out = new short[800];
        new Upsampler2x().process(in, 0, 400, out, 0);
        for (int i = 14; i < 400; i++) {
            assertEquals(in[i - 14], out[2 * i + 1]);
        }
    }

    @Test
    void resetForgetsHistory() {
        Upsampler2x up = new Upsampler2x();
        short[] noise = Signals.tone(900, 30000, 8000, 200);
        short[] scratch = new short[400];
        up.process(noise, 0, 200, scratch, 0);
        up.reset();
        short[] in = Signals.tone(500, 1000, 8000, 100);
        short[] afterReset = new short[200];
        up.process(in, 0, 100, afterReset, 0);
        short[] fresh = new short[200];
        new Upsampler2x().process(in, 0, 100, fresh, 0);
        assertArrayEquals(fresh, afterReset);
    }

    @Test
    void rejectsTooSmallOutput() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> new Upsampler2x().process(new short[160], 0, 160, new short[319], 0));
        assertEquals(0, new Upsampler2x().process(new short[0], 0, 0, new short[0], 0));
    }
}
