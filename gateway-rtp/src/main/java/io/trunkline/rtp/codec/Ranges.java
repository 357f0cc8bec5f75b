package io.trunkline.rtp.codec;

/** Argument checks shared by the codec classes. */
final class Ranges {

    private Ranges() {
    }

    /**
     * Throws unless {@code [off, off + n)} lies within an array of {@code length}. Checked once up front so a
     * bad call fails before anything is written, and the loops that follow run without surprises.
     */
    static void check(int length, int off, int n) {
        if (off < 0 || n < 0 || off > length - n) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + n + ") out of bounds for length "
                    + length);
        }
    }
}
