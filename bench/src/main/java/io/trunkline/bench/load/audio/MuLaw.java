package io.trunkline.bench.load.audio;

/**
 * G.711 μ-law, written out here so that the harness checks the gateway's codec against an independent one. Values
 * are 16-bit linear samples.
 */
public final class MuLaw {

    /** The code of digital silence (linear 0). */
    public static final byte SILENCE = (byte) 0xFF;

    private static final short[] DECODE = new short[256];
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int exponent = (u >> 4) & 0x07;
            int mantissa = u & 0x0f;
            int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
            DECODE[i] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
        }
    }

    private MuLaw() {
    }

    /** The linear value of a μ-law code. */
    public static short decode(byte code) {
        return DECODE[code & 0xff];
    }

    /** The μ-law code of a linear sample. */
    public static byte encode(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
