package io.trunkline.rtp.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Signed 16-bit little-endian PCM to and from {@code short} samples. Thread-safe and allocation-free. */
public final class Pcm16 {

    /** The JIT turns this view into plain 16-bit loads and stores. */
    private static final VarHandle LE_SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Pcm16() {
    }

    /**
     * Reads {@code samples} samples ({@code 2 * samples} bytes from {@code src[srcOff..]}) into {@code dst[dstOff..]}.
     */
    public static void read(byte[] src, int srcOff, short[] dst, int dstOff, int samples) {
        Ranges.check(dst.length, dstOff, samples);
        Ranges.check(src.length, srcOff, 2 * samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOff + i] = (short) LE_SHORT.get(src, srcOff + 2 * i);
        }
    }

    /**
     * Writes {@code samples} samples from {@code src[srcOff..]} as {@code 2 * samples} bytes to {@code dst[dstOff..]}.
     */
    public static void write(short[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        Ranges.check(src.length, srcOff, samples);
        Ranges.check(dst.length, dstOff, 2 * samples);
        for (int i = 0; i < samples; i++) {
            LE_SHORT.set(dst, dstOff + 2 * i, src[srcOff + i]);
        }
    }
}
