package io.trunkline.core.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cuts a stream of audio of any chunk size into 20 ms frames and reports the level of each, in dBFS (0 = full
 * scale, {@link #SILENCE_DBFS} for digital silence). G.711 is decoded through 256-entry tables; PCM16 is
 * little-endian, and an odd byte at the end of a chunk is carried over to the next. Squares are summed exactly in
 * integers, a run of samples at a time; at 16 kHz every other sample. Allocates nothing per chunk.
 */
public final class FrameEnergy {

    /** The level reported for a frame of zeros. */
    public static final double SILENCE_DBFS = -120;

    /** Receives the level of each complete frame. */
    @FunctionalInterface
    public interface LevelSink {
        void onFrame(double dbfs);
    }

    /** The square of each G.711 code's linear value (at most 32,635², which fits an {@code int}). */
    private static final int[] ULAW_SQUARED = new int[256];
    private static final int[] ALAW_SQUARED = new int[256];
    private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_SQUARED[i] = ulaw(i) * ulaw(i);
            ALAW_SQUARED[i] = alaw(i) * alaw(i);
        }
    }

    private final AudioFormat format;
    private final int frameSamples;
    /** 1: every sample is measured; 2: every other one (16 kHz). */
    private final int stride;
    private int samples;
    private long sumSquares;
    private int carriedByte = -1;

    public FrameEnergy(AudioFormat format) {
        this.format = format;
        this.frameSamples = format.frameSamples();
        this.stride = Math.max(1, format.sampleRate() / 8000);
    }

    /** Reads {@code audio} from its position to its limit, without moving either. */
    public void feed(ByteBuffer audio, LevelSink sink) {
        int end = audio.limit();
        int i = audio.position();
        switch (format.encoding()) {
            case MULAW -> feedCompanded(audio, i, end, ULAW_SQUARED, sink);
            case ALAW -> feedCompanded(audio, i, end, ALAW_SQUARED, sink);
            default -> feedPcm16(audio, i, end, sink);
        }
    }

    /** G.711: one table lookup per sample, summed exactly in a {@code long} up to each frame boundary. */
    private void feedCompanded(ByteBuffer audio, int from, int end, int[] squares, LevelSink sink) {
        int i = from;
        while (i < end) {
            int run = Math.min(end - i, frameSamples - samples);
            long sum = 0;
            for (int k = i + run; i < k; i++) {
                sum += squares[audio.get(i) & 0xff];
            }
            addRun(sum, run, sink);
        }
    }

    /**
     * PCM16 little-endian, whatever the byte order the buffer is set to; an odd trailing byte waits. At 16 kHz every
     * other sample is measured: the level of speech is the same at 8 kHz, for half the work.
     */
    private void feedPcm16(ByteBuffer audio, int from, int end, LevelSink sink) {
        int i = from;
        if (carriedByte >= 0 && i < end) {
            long sample = (short) (carriedByte | audio.get(i) << 8);
            carriedByte = -1;
            i++;
            addRun(samples % stride == 0 ? sample * sample : 0, 1, sink);
        }
        boolean swap = audio.order() != ByteOrder.LITTLE_ENDIAN;
        while (end - i >= 2) {
            int run = Math.min((end - i) >> 1, frameSamples - samples);
            int first = (stride - samples % stride) % stride;
            long sum = 0;
            for (int k = i + 2 * first, stop = i + 2 * run; k < stop; k += 2 * stride) {
                int sample = swap ? Short.reverseBytes(audio.getShort(k)) : audio.getShort(k);
                sum += sample * sample;
            }
            i += 2 * run;
            addRun(sum, run, sink);
        }
        if (i < end) {
            carriedByte = audio.get(i) & 0xff;
        }
    }

    /** Forgets a partly filled frame (the stream had a gap). */
    public void reset() {
        samples = 0;
        sumSquares = 0;
        carriedByte = -1;
    }

    /** Adds {@code count} samples whose squares sum to {@code squares}; never crosses a frame boundary. */
    private void addRun(long squares, int count, LevelSink sink) {
        sumSquares += squares;
        samples += count;
        if (samples == frameSamples) {
            double meanSquare = (double) sumSquares / (frameSamples / stride);
            samples = 0;
            sumSquares = 0;
            sink.onFrame(dbfs(meanSquare));
        }
    }

    /** The level of a mean square sample value, in dBFS. */
    static double dbfs(double meanSquare) {
        if (meanSquare <= 0) {
            return SILENCE_DBFS;
        }
        return Math.max(SILENCE_DBFS, 10 * Math.log10(meanSquare / FULL_SCALE_SQUARED));
    }

    /** ITU-T G.711 μ-law expansion. */
    static short ulaw(int code) {
        int u = ~code & 0xff;
        int exponent = (u >> 4) & 7;
        int magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** ITU-T G.711 A-law expansion. */
    static short alaw(int code) {
        int a = (code ^ 0x55) & 0xff;
        int exponent = (a >> 4) & 7;
        int mantissa = a & 0x0f;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}
