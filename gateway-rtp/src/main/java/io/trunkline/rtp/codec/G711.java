package io.trunkline.rtp.codec;

/**
 * ITU-T G.711 μ-law and A-law, table driven.
 *
 * <p>Decoding uses 256-entry tables. Encoding uses tables precomputed over the 16-bit input, so every conversion is
 * one array load. The tables are filled at class initialisation from the classic segment-search algorithm:
 * <ul>
 *   <li>μ-law: the Sun/CCITT {@code linear2ulaw} on 16-bit input (sign and magnitude, magnitude clipped to 32635,
 *       bias 0x84, result inverted). Inputs -1..-3 encode to {@code 0x7F}, the negative zero, which decodes to 0.</li>
 *   <li>A-law: the Sun/CCITT {@code linear2alaw} with even bits toggled by 0x55, on the 13-bit sample (the input
 *       shifted right by 3) as in ITU-T G.191: a negative sample takes its one's-complement magnitude. The early
 *       16-bit Sun variant ({@code -pcm - 8} without truncation) is not used because it codes -1..-7 as -248.</li>
 * </ul>
 * All methods are thread-safe and allocation-free.
 */
public final class G711 {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    /** Indexed by the 16-bit sample as unsigned ({@code pcm & 0xFFFF}). */
    private static final byte[] ULAW_ENCODE = new byte[1 << 16];
    /**
     * Indexed by {@code (pcm >> 4) & 0xFFF}: A-law's finest step is 16 at 16-bit scale and a negative sample's
     * one's-complement magnitude depends only on those bits, so 4096 entries cover every input exactly.
     */
    private static final byte[] ALAW_ENCODE = new byte[1 << 12];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_DECODE[code] = (short) ulawDecode(code);
            ALAW_DECODE[code] = (short) alawDecode(code);
        }
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            ULAW_ENCODE[pcm & 0xFFFF] = (byte) ulawEncode(pcm);
        }
        for (int i = 0; i < ALAW_ENCODE.length; i++) {
            // Sign-extend the 12-bit index back to a sample with the same upper bits.
            int pcm = (i << 20) >> 16;
            ALAW_ENCODE[i] = (byte) alawEncode(pcm);
        }
    }

    private G711() {
    }

    /** Encodes one 16-bit sample to μ-law. */
    public static byte linearToUlaw(short pcm) {
        return ULAW_ENCODE[pcm & 0xFFFF];
    }

    /** Decodes one μ-law byte to a 16-bit sample (range ±32124). */
    public static short ulawToLinear(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    /** Encodes one 16-bit sample to A-law. */
    public static byte linearToAlaw(short pcm) {
        return ALAW_ENCODE[(pcm >> 4) & 0xFFF];
    }

    /** Decodes one A-law byte to a 16-bit sample (range ±32256). */
    public static short alawToLinear(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    /** Decodes {@code n} μ-law bytes from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public static void decodeUlaw(byte[] src, int srcOff, short[] dst, int dstOff, int n) {
        decode(ULAW_DECODE, src, srcOff, dst, dstOff, n);
    }

    /** Encodes {@code n} samples from {@code src[srcOff..]} into μ-law bytes at {@code dst[dstOff..]}. */
    public static void encodeUlaw(short[] src, int srcOff, byte[] dst, int dstOff, int n) {
        Ranges.check(src.length, srcOff, n);
        Ranges.check(dst.length, dstOff, n);
        byte[] table = ULAW_ENCODE;
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = table[src[srcOff + i] & 0xFFFF];
        }
    }

    /** Decodes {@code n} A-law bytes from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public static void decodeAlaw(byte[] src, int srcOff, short[] dst, int dstOff, int n) {
        decode(ALAW_DECODE, src, srcOff, dst, dstOff, n);
    }

    /** Encodes {@code n} samples from {@code src[srcOff..]} into A-law bytes at {@code dst[dstOff..]}. */
    public static void encodeAlaw(short[] src, int srcOff, byte[] dst, int dstOff, int n) {
        Ranges.check(src.length, srcOff, n);
        Ranges.check(dst.length, dstOff, n);
        byte[] table = ALAW_ENCODE;
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = table[(src[srcOff + i] >> 4) & 0xFFF];
        }
    }

    private static void decode(short[] table, byte[] src, int srcOff, short[] dst, int dstOff, int n) {
        Ranges.check(src.length, srcOff, n);
        Ranges.check(dst.length, dstOff, n);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = table[src[srcOff + i] & 0xFF];
        }
    }

    /** Segment-search μ-law encoder, used only to fill the table. */
    private static int ulawEncode(int pcm) {
        int mask;
        int magnitude;
        if (pcm < 0) {
            magnitude = -pcm;
            mask = 0x7F;
        } else {
            magnitude = pcm;
            mask = 0xFF;
        }
        magnitude = Math.min(magnitude, CLIP) + BIAS;
        int seg = segment(magnitude);
        int code = (seg << 4) | ((magnitude >> (seg + 3)) & 0x0F);
        return code ^ mask;
    }

    private static int ulawDecode(int code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + BIAS) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? BIAS - t : t - BIAS;
    }

    /** Segment-search A-law encoder on the 13-bit sample, used only to fill the table. */
    private static int alawEncode(int pcm) {
        int sample = pcm >> 3;
        int mask;
        if (sample >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            sample = ~sample;
        }
        // Back to 16-bit scale (low three bits clear) so the 16-bit segment boundaries apply.
        int magnitude = sample << 3;
        int seg = segment(magnitude);
        int code = seg << 4;
        code |= (magnitude >> (seg < 2 ? 4 : seg + 3)) & 0x0F;
        return code ^ mask;
    }

    private static int alawDecode(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (seg - 1);
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** Index of the first segment end (0xFF, 0x1FF, ... 0x7FFF) not below {@code magnitude}; 0..7. */
    private static int segment(int magnitude) {
        int seg = 0;
        int end = 0xFF;
        while (seg < 7 && magnitude > end) {
            seg++;
            end = (end << 1) | 1;
        }
        return seg;
    }
}
