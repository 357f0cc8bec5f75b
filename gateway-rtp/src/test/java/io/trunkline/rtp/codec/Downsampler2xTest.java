package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Downsampler2xTest {

    private static final double AMPLITUDE = 16000;
    /** 20 ms at 16 kHz. */
    private static final int FRAME = 320;
    /** At 8 kHz: skip 100 ms, measure 200 ms (whole cycles of every tone and alias used). */
    private static final int SKIP = 800;
    private static final int WINDOW = 1600;

    private static short[] downsampleFramed(short[] in) {
        Downsampler2x down = new Downsampler2x();
        short[] out = new short[in.length / 2];
        int written = 0;
        for (int off = 0; off < in.length; off += FRAME) {
            int n = Math.min(FRAME, in.length - off);
            written += down.process(in, off, n, out, written);
        }
        assertEquals(out.length, written);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 1000, 2000, 3000, 3400})
    void passbandIsFlat(int freq) {
        short[] out = downsampleFramed(Signals.tone(freq, AMPLITUDE, 16000, 8000));
        double tone = Signals.amplitude(out, SKIP, WINDOW, freq, 8000);
        short[] ref = downsampleFramed(Signals.tone(1000, AMPLITUDE, 16000, 8000));
        double at1k = Signals.amplitude(ref, SKIP, WINDOW, 1000, 8000);
        assertTrue(Math.abs(Signals.db(tone / at1k)) <= 0.1, freq + " Hz vs 1 kHz: " + Signals.db(tone / at1k));
        assertTrue(Math.abs(Signals.db(tone / AMPLITUDE)) <= 0.1, freq + " Hz gain: " + Signals.db(tone / AMPLITUDE));
    }

    @ParameterizedTest
    @ValueSource(ints = {4600, 5000, 6000, 7000, 7900})
    void aliasesAreRejected(int freq) {
        short[] out = downsampleFramed(Signals.tone(freq, AMPLITUDE, 16000, 8000));
        double alias = Signals.amplitude(out, SKIP, WINDOW, 8000 - freq, 8000);
        assertTrue(Signals.db(alias / AMPLITUDE) <= -60, freq + " Hz aliased to " + (8000 - freq) + " Hz at "
                + Signals.db(alias / AMPLITUDE) + " dB");
        // Nothing else gets through either: the whole output is that far down.
        double rms = Math.sqrt(Signals.power(out, SKIP, WINDOW));
        assertTrue(Signals.db(rms * Math.sqrt(2) / AMPLITUDE) <= -60, "output level " + rms);
    }

    @Test
    void oddSplitsKeepThePhaseAndMatchOneShot() {
        Random rnd = new Random(3);
        short[] in = new short[6001];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (rnd.nextGaussian() * 8000);
        }
        short[] oneShot = new short[3001];
        assertEquals(3000, new Downsampler2x().process(in, 0, in.length, oneShot, 0));

        Downsampler2x down = new Downsampler2x();
        short[] ragged = new short[3001];
        int off = 0;
        int written = 0;
        int carried = 0;
        while (off < in.length) {
            int n = Math.min(rnd.nextInt(701), in.length - off);
            int w = down.process(in, off, n, ragged, written);
            assertEquals((n + carried) / 2, w, "samples written for " + n + " in");
            carried = (n + carried) % 2;
            written += w;
            off += n;
        }
        assertEquals(3000, written);
        assertArrayEquals(oneShot, ragged);
    }

    @Test
    void singleSamplesAtATime() {
        short[] in = Signals.tone(700, 9000, 16000, 101);
        short[] oneShot = new short[51];
        new Downsampler2x().process(in, 0, in.length, oneShot, 0);
        Downsampler2x down = new Downsampler2x();
        short[] bySample = new short[51];
        int written = 0;
        for (int i = 0; i < in.length; i++) {
            written += down.process(in, i, 1, bySample, written);
        }
        assertEquals(50, written);
        assertArrayEquals(oneShot, bySample);
    }

    @Test
    void matchesDirectConvolutionAndSaturates() {
        double[] h = HalfBandFilter.taps();
        short[] in = new short[1600];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i / 8) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = new short[800];
        new Downsampler2x().process(in, 0, in.length, out, 0);
        boolean clipped = false;
        for (int m = 0; m < out.length; m++) {
            double y = 0;
            for (int n = 0; n < h.length; n++) {
                int t = 2 * m + 1 - n;
                if (t >= 0) {
                    y += h[n] * in[t];
                }
            }
            clipped |= y > Short.MAX_VALUE + 1 || y < Short.MIN_VALUE - 1;
            double expected = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, y));
            assertEquals(expected, out[m], 1.0, "sample " + m);
        }
        assertTrue(clipped, "test signal must exceed the 16-bit range after filtering");
    }

    @Test
    void impulseResponseCoversBothPhases() {
        double[] h = HalfBandFilter.taps();
        for (int phase = 0; phase < 2; phase++) {
            short[] in = new short[120];
            in[phase] = 10000;
            short[] out = new short[60];
            new Downsampler2x().process(in, 0, in.length, out, 0);
            for (int m = 0; m < out.length; m++) {
                int n = 2 * m + 1 - phase;
                double expected = n < h.length ? h[n] * 10000 : 0;
                assertEquals(expected, out[m], 0.5 + 1e-3, "phase " + phase + " m=" + m);
            }
        }
    }

    @Test
    void resetDropsCarriedSampleAndHistory() {
        Downsampler2x down = new Downsampler2x();
        short[] out = new short[200];
        down.process(Signals.tone(900, 30000, 16000, 301), 0, 301, out, 0);
        down.reset();
        short[] in = Signals.tone(500, 1000, 16000, 100);
        short[] afterReset = new short[50];
        assertEquals(50, down.process(in, 0, 100, afterReset, 0));
        short[] fresh = new short[50];
        new Downsampler2x().process(in, 0, 100, fresh, 0);
        assertArrayEquals(fresh, afterReset);
    }

    @Test
    void rejectsTooSmallOutputWithoutConsuming() {
        short[] in = Signals.tone(1500, 20000, 16000, 30);
        in[0] = 30000;
        Downsampler2x down = new Downsampler2x();
        assertEquals(0, down.process(in, 0, 1, new short[0], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> down.process(in, 1, 29, new short[14], 0));
        // The carried sample is still there: 1 carried + 29 new = 15 outputs, as if fed in one go.
        short[] out = new short[15];
        assertEquals(15, down.process(in, 1, 29, out, 0));
        short[] whole = new short[15];
        new Downsampler2x().process(in, 0, 30, whole, 0);
        assertArrayEquals(whole, out);
        short[] withoutFirst = in.clone();
        withoutFirst[0] = 0;
        short[] other = new short[15];
        new Downsampler2x().process(withoutFirst, 0, 30, other, 0);
        assertEquals(15000, whole[14] - other[14], 1, "the carried sample reaches the centre tap");
    }
}
