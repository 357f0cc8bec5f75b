package io.trunkline.bench.load.audio;

/**
 * Marks every 20 ms frame with a 16-bit id that survives the gateway's audio path, so that the far side can tell
 * which frame it got (and look up when it was sent) without any side channel through the gateway.
 *
 * <p>A frame is four equal segments, each held at one of sixteen constant levels (four bits per segment, most
 * significant first). Constant stretches pass G.711 unchanged when the levels are exact μ-law values (they are), and
 * pass the gateway's 8↔16 kHz half-band resamplers unchanged away from the segment edges, because the filter has DC
 * gain 1: only the samples within the filter's half-span of an edge are mixed. {@link Layout} says, per path, where
 * each segment's clean samples are (the resampler's group delay shifts them). A frame whose clean samples are not
 * all within {@link #TOLERANCE} of one level is reported {@link #INVALID}; a frame of near-zero samples is
 * {@link #SILENCE} (the gateway's pacer fills empty slots with it).
 */
public final class FrameCode {

    /** Decoded: a frame of silence. */
    public static final int SILENCE = -1;
    /** Decoded: neither silence nor a coded frame. */
    public static final int INVALID = -2;

    static final int SEGMENTS = 4;
    static final int LEVELS = 16;
    /** Largest deviation of a clean sample from its level (the levels are at least ~2000 apart). */
    static final int TOLERANCE = 600;
    private static final int SILENCE_THRESHOLD = 64;

    private static final short[] LEVEL = new short[LEVELS];
    private static final byte[] LEVEL_CODE = new byte[LEVELS];

    static {
        for (int i = 0; i < LEVELS; i++) {
            // Nominal levels 3000 apart around zero, moved to the nearest exact μ-law value.
            byte code = MuLaw.encode((int) Math.round((i - 7.5) * 3000));
            LEVEL_CODE[i] = code;
            LEVEL[i] = MuLaw.decode(code);
        }
    }

    /** Where a path's frames keep each segment's clean samples. */
    public enum Layout {
        /** μ-law 8 kHz, bytes passed through: every sample is clean (a margin is kept anyway). */
        MULAW_DIRECT(160, 4, 36),
        /**
         * PCM16 16 kHz after the gateway's μ-law decode and 8→16 kHz upsampling: group delay 29 samples, half-span
         * 29 samples, so segment j (80 samples) is clean from 80j + 58 to 80j + 80.
         */
        PCM16_UPSAMPLED(320, 60, 79),
        /**
         * μ-law 8 kHz after the gateway's 16→8 kHz downsampling and μ-law encode: group delay and half-span 14.5
         * samples, so segment j (40 samples) is clean from 40j + 29 to 40j + 40.
         */
        MULAW_DOWNSAMPLED(160, 30, 39);

        final int samples;
        final int cleanFrom;
        final int cleanTo;

        Layout(int samples, int cleanFrom, int cleanTo) {
            this.samples = samples;
            this.cleanFrom = cleanFrom;
            this.cleanTo = cleanTo;
        }

        /** Samples in one 20 ms frame. */
        public int samples() {
            return samples;
        }
    }

    private FrameCode() {
    }

    /** Writes the 160 μ-law bytes of frame {@code id} (0..65535) at {@code dst[off..]}. */
    public static void encodeMuLaw(int id, byte[] dst, int off) {
        for (int s = 0; s < SEGMENTS; s++) {
            byte code = LEVEL_CODE[nibble(id, s)];
            int from = off + s * 40;
            for (int i = 0; i < 40; i++) {
                dst[from + i] = code;
            }
        }
    }

    /** Writes the 640 bytes (320 little-endian PCM16 samples at 16 kHz) of frame {@code id} at {@code dst[off..]}. */
    public static void encodePcm16(int id, byte[] dst, int off) {
        for (int s = 0; s < SEGMENTS; s++) {
            short level = LEVEL[nibble(id, s)];
            byte lo = (byte) level;
            byte hi = (byte) (level >> 8);
            int from = off + s * 160;
            for (int i = 0; i < 160; i += 2) {
                dst[from + i] = lo;
                dst[from + i + 1] = hi;
            }
        }
    }

    /** Decodes 160 μ-law bytes at {@code src[off..]} into {@code samples}. */
    public static void muLawToLinear(byte[] src, int off, short[] samples) {
        for (int i = 0; i < 160; i++) {
            samples[i] = MuLaw.decode(src[off + i]);
        }
    }

    /** Decodes 320 little-endian PCM16 samples at {@code src[off..]} into {@code samples}. */
    public static void pcm16ToLinear(byte[] src, int off, short[] samples) {
        for (int i = 0; i < 320; i++) {
            samples[i] = (short) ((src[off + 2 * i] & 0xff) | (src[off + 2 * i + 1] << 8));
        }
    }

    /**
     * The id carried by a frame of linear samples laid out as {@code layout} says, or {@link #SILENCE} or
     * {@link #INVALID}.
     */
    public static int decode(short[] samples, Layout layout) {
        if (isSilence(samples, layout.samples)) {
            return SILENCE;
        }
        int segment = layout.samples / SEGMENTS;
        int id = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            int from = s * segment + layout.cleanFrom;
            int to = s * segment + layout.cleanTo;
            int level = nearestLevel(samples[from]);
            short value = LEVEL[level];
            for (int i = from; i < to; i++) {
                if (Math.abs(samples[i] - value) > TOLERANCE) {
                    return INVALID;
                }
            }
            id = (id << 4) | level;
        }
        return id;
    }

    private static boolean isSilence(short[] samples, int n) {
        for (int i = 0; i < n; i++) {
            if (Math.abs(samples[i]) > SILENCE_THRESHOLD) {
                return false;
            }
        }
        return true;
    }

    private static int nearestLevel(int sample) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < LEVELS; i++) {
            int d = Math.abs(sample - LEVEL[i]);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static int nibble(int id, int segment) {
        return (id >> (4 * (SEGMENTS - 1 - segment))) & 0x0f;
    }
}
