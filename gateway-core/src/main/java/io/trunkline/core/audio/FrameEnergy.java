package io.trunkline.core.audio;

import java.nio.ByteBuffer;

/**
 * Cuts a stream of audio of any chunk size into 20 ms frames and reports the level of each, in dBFS (0 = full
 * scale, {@link #SILENCE_DBFS} for digital silence). G.711 is decoded through 256-entry tables; PCM16 is
 * little-endian, and an odd byte at the end of a chunk is carried over to the next. Allocates nothing per chunk.
 */
public final class FrameEnergy {

    /** The level reported for a frame of zeros. */
    public static final double SILENCE_DBFS = -120;

    /** Receives the level of each complete frame. */
    @FunctionalInterface
    public interface LevelSink {
        void onFrame(double dbfs);
    }

    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];
    private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = ulaw(i);
            ALAW[i] = alaw(i);
        }
    }

    private final AudioFormat format;
    private final int frameSamples;
    private int samples;
    private double sumSquares;
    private int carriedByte = -1;

    public FrameEnergy(AudioFormat format) {
        this.format = format;
        this.frameSamples = format.frameSamples();
    }

    /** Reads {@code audio} from its position to its limit, without moving either. */
    public void feed(ByteBuffer audio, LevelSink sink) {
        int end = audio.limit();
        int i = audio.position();
        switch (format.encoding()) {
            case MULAW -> {
                for (; i < end; i++) {
                    add(ULAW[audio.get(i) & 0xff], sink);
                }
            }
            case ALAW -> {
                for (; i < end; i++) {
                    add(ALAW[audio.get(i) & 0xff], sink);
                }
            }
            default -> {
                if (carriedByte >= 0 && i < end) {
                    add((short) (carriedByte | audio.get(i) << 8), sink);
                    carriedByte = -1;
                    i++;
                }
                for (; i + 1 < end; i += 2) {
                    add((short) (audio.get(i) & 0xff | audio.get(i + 1) << 8), sink);
                }
                if (i < end) {
                    carriedByte = audio.get(i) & 0xff;
                }
            }
        }
    }

    /** Forgets a partly filled frame (the stream had a gap). */
    public void reset() {
        samples = 0;
        sumSquares = 0;
        carriedByte = -1;
    }

    /** Samples of the frame being filled. */
    public int pendingSamples() {
        return samples;
    }

    private void add(short sample, LevelSink sink) {
        sumSquares += (double) sample * sample;
        if (++samples == frameSamples) {
            double meanSquare = sumSquares / frameSamples;
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
