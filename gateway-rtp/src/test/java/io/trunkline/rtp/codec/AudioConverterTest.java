package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AudioConverterTest {

    private static final double FREQ = 1000;
    private static final double AMPLITUDE = 10000;

    static Stream<Arguments> allPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (AudioFormat from : AudioFormat.values()) {
            for (AudioFormat to : AudioFormat.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    /** Encodes samples in {@code format} (sampled at its rate). */
    static byte[] encode(short[] s, AudioFormat format) {
        byte[] b = new byte[s.length * format.bytesPerSample()];
        switch (format.encoding()) {
            case MULAW -> G711.encodeUlaw(s, 0, b, 0, s.length);
            case ALAW -> G711.encodeAlaw(s, 0, b, 0, s.length);
            default -> Pcm16.write(s, 0, b, 0, s.length);
        }
        return b;
    }

    static short[] decode(byte[] b, int len, AudioFormat format) {
        short[] s = new short[len / format.bytesPerSample()];
        switch (format.encoding()) {
            case MULAW -> G711.decodeUlaw(b, 0, s, 0, s.length);
            case ALAW -> G711.decodeAlaw(b, 0, s, 0, s.length);
            default -> Pcm16.read(b, 0, s, 0, s.length);
        }
        return s;
    }

    /** Feeds {@code in} through {@code c} in pieces of the given sizes (cycled) and returns all output. */
    static byte[] convertInPieces(AudioConverter c, byte[] in, int... sizes) {
        byte[] out = new byte[c.maxOutputBytes(in.length) + 16];
        int off = 0;
        int written = 0;
        for (int i = 0; off < in.length; i++) {
            int n = Math.min(sizes[i % sizes.length], in.length - off);
            int w = c.convert(in, off, n, out, written);
            assertTrue(w <= c.maxOutputBytes(n), "maxOutputBytes(" + n + ") < " + w);
            written += w;
            off += n;
        }
        return java.util.Arrays.copyOf(out, written);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void toneComesOutAtTheRightFrequencyAndLevel(AudioFormat from, AudioFormat to) {
        AudioConverter c = AudioConverter.create(from, to);
        assertSame(from, c.from());
        assertSame(to, c.to());
        int seconds = 1;
        byte[] in = encode(Signals.tone(FREQ, AMPLITUDE, from.sampleRate(), from.sampleRate() * seconds), from);
        byte[] out = convertInPieces(c, in, from.frameBytes());
        assertEquals(to.sampleRate() * seconds * to.bytesPerSample(), out.length, "whole frames in, whole frames out");

        short[] pcm = decode(out, out.length, to);
        int rate = to.sampleRate();
        int skip = rate / 10;
        int window = rate / 5;
        double level = Signals.amplitude(pcm, skip, window, FREQ, rate);
        assertTrue(Math.abs(Signals.db(level / AMPLITUDE)) < 0.2, "level " + Signals.db(level / AMPLITUDE) + " dB");
        double tonePower = level * level / 2;
        double rest = Signals.power(pcm, skip, window) - tonePower;
        double snr = 10 * Math.log10(tonePower / Math.max(rest, 1e-9));
        // Each G.711 stage costs about 38 dB SNR at this level; PCM16-only paths are far cleaner.
        double required = from.isG711() || to.isG711() ? 32 : 60;
        assertTrue(snr >= required, "SNR " + snr + " dB");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void anySplitOfTheInputGivesTheSameOutput(AudioFormat from, AudioFormat to) {
        Random rnd = new Random(from.ordinal() * 31 + to.ordinal());
        short[] noise = new short[from.sampleRate() / 2];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (rnd.nextGaussian() * 6000);
        }
        byte[] in = encode(noise, from);
        byte[] oneShot = convertInPieces(AudioConverter.create(from, to), in, in.length);
        // Odd sizes split PCM16 samples across calls and leave odd samples for the 16 -> 8 kHz stage.
        byte[] ragged = convertInPieces(AudioConverter.create(from, to), in, 1, 7, 320, 3, 641, 2, 999, 160, 5);
        assertArrayEquals(oneShot, ragged);
    }

    @Test
    void identicalFormatsCopyBytes() {
        for (AudioFormat f : AudioFormat.values()) {
            AudioConverter c = AudioConverter.create(f, f);
            byte[] in = new byte[321];
            new Random(f.ordinal()).nextBytes(in);
            byte[] out = new byte[330];
            assertEquals(321, c.convert(in, 0, 321, out, 9));
            assertArrayEquals(in, java.util.Arrays.copyOfRange(out, 9, 330));
        }
    }

    @Test
    void g711TranscodingEqualsDecodeThenEncode() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] toA = new byte[256];
        AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCMA_8K).convert(all, 0, 256, toA, 0);
        byte[] toU = new byte[256];
        AudioConverter.create(AudioFormat.PCMA_8K, AudioFormat.PCMU_8K).convert(all, 0, 256, toU, 0);
        for (int i = 0; i < 256; i++) {
            assertEquals(G711.linearToAlaw(G711.ulawToLinear((byte) i)), toA[i]);
            assertEquals(G711.linearToUlaw(G711.alawToLinear((byte) i)), toU[i]);
        }
    }

    @Test
    void halfSampleIsCarriedToTheNextCall() {
        AudioConverter c = AudioConverter.create(AudioFormat.PCM16_8K, AudioFormat.PCMU_8K);
        byte[] in = new byte[4];
        Pcm16.write(new short[] {1000, -20000}, 0, in, 0, 2);
        byte[] out = new byte[4];
        assertEquals(1, c.convert(in, 0, 3, out, 0));
        assertEquals(1, c.convert(in, 3, 1, out, 1));
        assertEquals(G711.linearToUlaw((short) 1000), out[0]);
        assertEquals(G711.linearToUlaw((short) -20000), out[1]);
        assertEquals(0, c.convert(in, 0, 0, out, 0));
    }

    @Test
    void outputTooSmallThrowsAndConsumesNothing() {
        AudioConverter c = AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCM16_16K);
        assertEquals(640, c.maxOutputBytes(160));
        byte[] in = encode(Signals.tone(FREQ, AMPLITUDE, 8000, 160), AudioFormat.PCMU_8K);
        assertThrows(IndexOutOfBoundsException.class, () -> c.convert(in, 0, 160, new byte[639], 0));
        byte[] out = new byte[640];
        c.convert(in, 0, 160, out, 0);
        byte[] fresh = new byte[640];
        AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCM16_16K).convert(in, 0, 160, fresh, 0);
        assertArrayEquals(fresh, out);
    }

    @Test
    void resetDropsCarriedBytesAndFilterState() {
        AudioConverter c = AudioConverter.create(AudioFormat.PCM16_16K, AudioFormat.PCMA_8K);
        byte[] loud = encode(Signals.tone(700, 30000, 16000, 333), AudioFormat.PCM16_16K);
        c.convert(loud, 0, 333, new byte[c.maxOutputBytes(333)], 0);
        c.reset();
        byte[] in = encode(Signals.tone(FREQ, AMPLITUDE, 16000, 320), AudioFormat.PCM16_16K);
        byte[] out = new byte[160];
        assertEquals(160, c.convert(in, 0, 640, out, 0));
        byte[] fresh = new byte[160];
        AudioConverter.create(AudioFormat.PCM16_16K, AudioFormat.PCMA_8K).convert(in, 0, 640, fresh, 0);
        assertArrayEquals(fresh, out);
    }

    @Test
    void framesAreConvertedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AudioConverter up = AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCM16_16K);
        AudioConverter down = AudioConverter.create(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K);
        byte[] ulaw = encode(Signals.tone(FREQ, AMPLITUDE, 8000, 160), AudioFormat.PCMU_8K);
        byte[] pcm = new byte[640];
        byte[] back = new byte[160];
        for (int i = 0; i < 200; i++) {
            up.convert(ulaw, 0, 160, pcm, 0);
            down.convert(pcm, 0, 640, back, 0);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            up.convert(ulaw, 0, 160, pcm, 0);
            down.convert(pcm, 0, 640, back, 0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One allocation per frame would be at least 16 KB here; allow a little for the measurement itself.
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 1000 frames each way");
    }

    @Test
    void rejectsNullFormats() {
        assertThrows(NullPointerException.class, () -> AudioConverter.create(null, AudioFormat.PCMU_8K));
        assertThrows(NullPointerException.class, () -> AudioConverter.create(AudioFormat.PCMU_8K, null));
    }
}
