package io.trunkline.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class G711Test {

    // ---- Reference: the published algorithms written plainly, independent of the tables under test. ----

    private static final int[] SEG_END = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};

    private static int search(int val) {
        for (int i = 0; i < SEG_END.length; i++) {
            if (val <= SEG_END[i]) {
                return i;
            }
        }
        return SEG_END.length;
    }

    /** Sun/CCITT linear2ulaw, 16-bit input, BIAS 0x84, magnitude clipped to 32635. */
    static int refLinearToUlaw(int pcm) {
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (pcm > 32635) {
            pcm = 32635;
        }
        pcm += 0x84;
        int seg = search(pcm);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        return ((seg << 4) | ((pcm >> (seg + 3)) & 0xF)) ^ mask;
    }

    /** Sun/CCITT ulaw2linear. */
    static int refUlawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    /** Sun/CCITT linear2alaw on the sample truncated to 13 bits (pcm & 0xFFF8), as G.191 quantises. */
    static int refLinearToAlaw(int pcm) {
        pcm &= ~7;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 8;
        }
        int seg = search(pcm);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 4) & 0xF : (pcm >> (seg + 3)) & 0xF;
        return aval ^ mask;
    }

    /** ITU-T G.191 alaw_compress, a second, differently structured reference. */
    static int g191AlawCompress(int pcm) {
        int ix = pcm < 0 ? (~pcm) >> 4 : pcm >> 4;
        if (ix > 15) {
            int iexp = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += iexp << 4;
        }
        if (pcm >= 0) {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }

    /** Sun/CCITT alaw2linear. */
    static int refAlawToLinear(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0:
                t += 8;
                break;
            case 1:
                t += 0x108;
                break;
            default:
                t += 0x108;
                t <<= seg - 1;
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    // ---- Tests ----

    @Test
    void everyUlawCodeDecodesToReference() {
        for (int c = 0; c < 256; c++) {
            assertEquals(refUlawToLinear(c), G711.ulawToLinear((byte) c), "code 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void everyAlawCodeDecodesToReference() {
        for (int c = 0; c < 256; c++) {
            assertEquals(refAlawToLinear(c), G711.alawToLinear((byte) c), "code 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void knownVectors() {
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(0, G711.ulawToLinear((byte) 0x7F));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(-32256, G711.alawToLinear((byte) 0x2A));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0x80, G711.linearToUlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.linearToUlaw(Short.MIN_VALUE));
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals((byte) 0x55, G711.linearToAlaw((short) -1));
        assertEquals((byte) 0xAA, G711.linearToAlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.linearToAlaw(Short.MIN_VALUE));
    }

    @Test
    void ulawEncodeOfDecodeIsIdentityExceptNegativeZero() {
        for (int c = 0; c < 256; c++) {
            int expected = c == 0x7F ? 0xFF : c;
            assertEquals(expected, G711.linearToUlaw(G711.ulawToLinear((byte) c)) & 0xFF,
                    "code 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void alawEncodeOfDecodeIsIdentity() {
        for (int c = 0; c < 256; c++) {
            assertEquals(c, G711.linearToAlaw(G711.alawToLinear((byte) c)) & 0xFF, "code 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void everySixteenBitInputEncodesToReferenceUlaw() {
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            assertEquals(refLinearToUlaw(pcm), G711.linearToUlaw((short) pcm) & 0xFF, "pcm " + pcm);
        }
    }

    @Test
    void everySixteenBitInputEncodesToReferenceAlaw() {
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            int code = G711.linearToAlaw((short) pcm) & 0xFF;
            assertEquals(refLinearToAlaw(pcm), code, "pcm " + pcm);
            assertEquals(g191AlawCompress(pcm), code, "pcm " + pcm + " (G.191)");
        }
    }

    @Test
    void encodingIsMonotonicAndWithinHalfAStep() {
        int prevU = Integer.MIN_VALUE;
        int prevA = Integer.MIN_VALUE;
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            int u = G711.ulawToLinear(G711.linearToUlaw((short) pcm));
            int a = G711.alawToLinear(G711.linearToAlaw((short) pcm));
            assertTrue(u >= prevU && a >= prevA, "non-monotonic at " + pcm);
            prevU = u;
            prevA = a;
            // Inside the largest levels the encoder picks a nearest level: the error is at most half a step.
            if (Math.abs(pcm) <= 32124) {
                assertTrue(Math.abs(u - pcm) <= ulawHalfStep(u), "μ-law error at " + pcm + " -> " + u);
            }
            if (pcm >= -32256 && pcm <= 32256) {
                assertTrue(Math.abs(a - pcm) <= alawHalfStep(a), "A-law error at " + pcm + " -> " + a);
            }
        }
    }

    /** μ-law levels sit mid-interval; in the biased domain a segment with step 2^(s+3) starts at 2^(s+7). */
    private static int ulawHalfStep(int decoded) {
        int biased = Math.abs(decoded) + 0x84;
        return 1 << (log2(biased) - 5);
    }

    /** A-law: step 16 in the two lowest segments, doubling per segment above. */
    private static int alawHalfStep(int decoded) {
        return Math.max(8, 1 << (log2(Math.abs(decoded)) - 5));
    }

    private static int log2(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }

    @Test
    void arrayMethodsMatchSingleSampleMethodsAtOffsets() {
        Random rnd = new Random(7);
        short[] pcm = new short[500];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) rnd.nextInt();
        }
        byte[] u = new byte[510];
        byte[] a = new byte[510];
        G711.encodeUlaw(pcm, 3, u, 7, 480);
        G711.encodeAlaw(pcm, 3, a, 7, 480);
        short[] du = new short[520];
        short[] da = new short[520];
        G711.decodeUlaw(u, 7, du, 11, 480);
        G711.decodeAlaw(a, 7, da, 11, 480);
        for (int i = 0; i < 480; i++) {
            assertEquals(G711.linearToUlaw(pcm[3 + i]), u[7 + i]);
            assertEquals(G711.linearToAlaw(pcm[3 + i]), a[7 + i]);
            assertEquals(G711.ulawToLinear(u[7 + i]), du[11 + i]);
            assertEquals(G711.alawToLinear(a[7 + i]), da[11 + i]);
        }
        assertEquals(0, u[6]);
        assertEquals(0, u[487]);
        assertArrayEquals(new short[11], java.util.Arrays.copyOf(du, 11));
    }

    @Test
    void arrayMethodsRejectOutOfRangeBeforeWriting() {
        byte[] dst = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> G711.encodeUlaw(new short[20], 0, dst, 5, 6));
        assertArrayEquals(new byte[10], dst);
        assertThrows(IndexOutOfBoundsException.class, () -> G711.decodeAlaw(new byte[4], 1, new short[8], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> G711.encodeAlaw(new short[4], -1, new byte[8], 0, 2));
    }
}
