package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Pcm16Test {

    @Test
    void writesLittleEndian() {
        byte[] out = new byte[7];
        Pcm16.write(new short[] {0, 0x1234, (short) 0xFF80, -1}, 1, out, 1, 3);
        assertArrayEquals(new byte[] {0, 0x34, 0x12, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, out);
    }

    @Test
    void readsLittleEndianSigned() {
        byte[] in = {9, 0x34, 0x12, 0x00, (byte) 0x80, (byte) 0xFF, 0x7F};
        short[] out = new short[4];
        Pcm16.read(in, 1, out, 1, 3);
        assertArrayEquals(new short[] {0, 0x1234, Short.MIN_VALUE, Short.MAX_VALUE}, out);
    }

    @Test
    void roundTripsEverySample() {
        short[] all = new short[1 << 16];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        byte[] bytes = new byte[2 * all.length];
        Pcm16.write(all, 0, bytes, 0, all.length);
        short[] back = new short[all.length];
        Pcm16.read(bytes, 0, back, 0, all.length);
        assertArrayEquals(all, back);
        assertEquals(0x7F, bytes[2 * 0x7FFF + 1]);
    }

    @Test
    void rejectsOutOfRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> Pcm16.read(new byte[5], 0, new short[3], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Pcm16.write(new short[3], 1, new byte[6], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Pcm16.write(new short[3], 0, new byte[6], 1, 3));
    }
}
