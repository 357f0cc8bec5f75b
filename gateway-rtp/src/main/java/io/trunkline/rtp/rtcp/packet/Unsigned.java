package io.trunkline.rtp.rtcp.packet;

/** Range checks for the fixed-width unsigned fields of RTCP records. */
final class Unsigned {
    static final long MAX_32 = 0xffff_ffffL;

    private Unsigned() {
    }

    static long check32(long value, String name) {
        if (value < 0 || value > MAX_32) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value: " + value);
        }
        return value;
    }

    static int checkRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
