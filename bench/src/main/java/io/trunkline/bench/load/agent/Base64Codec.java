package io.trunkline.bench.load.agent;

import io.netty.buffer.ByteBuf;

/**
 * Standard base64 between pooled buffers and reused arrays, so that the fake agent makes no garbage per frame
 * (java.util.Base64 has no length-limited decode into an existing array).
 */
final class Base64Codec {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] VALUE = new int[256];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = i;
        }
    }

    private Base64Codec() {
    }

    /**
     * Decodes {@code length} base64 characters of {@code src} from index {@code from} into {@code dst}.
     *
     * @return bytes written, or -1 when the text is not base64 or does not fit
     */
    static int decode(ByteBuf src, int from, int length, byte[] dst) {
        int bits = 0;
        int count = 0;
        int out = 0;
        for (int i = 0; i < length; i++) {
            int c = src.getByte(from + i) & 0xff;
            if (c == '=') {
                break;
            }
            int v = VALUE[c];
            if (v < 0) {
                return -1;
            }
            bits = (bits << 6) | v;
            count += 6;
            if (count >= 8) {
                count -= 8;
                if (out == dst.length) {
                    return -1;
                }
                dst[out++] = (byte) (bits >> count);
            }
        }
        return out;
    }

    /** Appends {@code n} bytes of {@code src} from {@code off} to {@code dst} as padded base64. */
    static void encode(byte[] src, int off, int n, ByteBuf dst) {
        int i = off;
        int end = off + n;
        while (end - i >= 3) {
            int v = ((src[i] & 0xff) << 16) | ((src[i + 1] & 0xff) << 8) | (src[i + 2] & 0xff);
            dst.writeByte(ALPHABET[v >>> 18]);
            dst.writeByte(ALPHABET[(v >>> 12) & 63]);
            dst.writeByte(ALPHABET[(v >>> 6) & 63]);
            dst.writeByte(ALPHABET[v & 63]);
            i += 3;
        }
        int rest = end - i;
        if (rest == 1) {
            int v = (src[i] & 0xff) << 16;
            dst.writeByte(ALPHABET[v >>> 18]);
            dst.writeByte(ALPHABET[(v >>> 12) & 63]);
            dst.writeByte('=');
            dst.writeByte('=');
        } else if (rest == 2) {
            int v = ((src[i] & 0xff) << 16) | ((src[i + 1] & 0xff) << 8);
            dst.writeByte(ALPHABET[v >>> 18]);
            dst.writeByte(ALPHABET[(v >>> 12) & 63]);
            dst.writeByte(ALPHABET[(v >>> 6) & 63]);
            dst.writeByte('=');
        }
    }

    static int encodedLength(int n) {
        return (n + 2) / 3 * 4;
    }
}
