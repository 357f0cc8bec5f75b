package io.trunkline.ws.twilio;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes decimal numbers and base64 straight into a {@link ByteBuf}, with no intermediate strings. */
final class Ascii {

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int PAD = '=';

    private Ascii() {
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** The number of decimal digits of {@code value} (at least one). */
    static int digits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative number in decimal. */
    static void writeDecimal(ByteBuf buf, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = digits(value);
        buf.ensureWritable(digits);
        int start = buf.writerIndex();
        long v = value;
        for (int i = start + digits - 1; i >= start; i--) {
            buf.setByte(i, '0' + (int) (v % 10));
            v /= 10;
        }
        buf.writerIndex(start + digits);
    }

    /** The length of the padded base64 form of {@code n} bytes. */
    static int base64Length(int n) {
        return (n + 2) / 3 * 4;
    }

    /** Writes the remaining bytes of {@code src} as padded standard base64; the position of {@code src} is kept. */
    static void writeBase64(ByteBuffer src, ByteBuf dst) {
        int i = src.position();
        int end = src.limit();
        dst.ensureWritable(base64Length(end - i));
        for (; end - i >= 3; i += 3) {
            int b = (src.get(i) & 0xff) << 16 | (src.get(i + 1) & 0xff) << 8 | (src.get(i + 2) & 0xff);
            dst.writeInt(quad(b, 4));
        }
        int rest = end - i;
        if (rest == 1) {
            dst.writeInt(quad((src.get(i) & 0xff) << 16, 2));
        } else if (rest == 2) {
            dst.writeInt(quad((src.get(i) & 0xff) << 16 | (src.get(i + 1) & 0xff) << 8, 3));
        }
    }

    /** Four base64 characters for the 24 bits in {@code b}, of which {@code used} are data and the rest padding. */
    private static int quad(int b, int used) {
        int c0 = BASE64[b >>> 18 & 63];
        int c1 = BASE64[b >>> 12 & 63];
        int c2 = used > 2 ? BASE64[b >>> 6 & 63] : PAD;
        int c3 = used > 3 ? BASE64[b & 63] : PAD;
        return c0 << 24 | c1 << 16 | c2 << 8 | c3;
    }
}
