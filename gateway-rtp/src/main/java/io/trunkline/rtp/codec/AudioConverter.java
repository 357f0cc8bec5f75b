package io.trunkline.rtp.codec;

import io.trunkline.core.audio.AudioFormat;
import java.util.Objects;

/**
 * Converts one direction of a call's audio from one {@link AudioFormat} to another: G.711 transcoding, PCM16
 * packing and 8↔16 kHz resampling.
 *
 * <p>A converter is a stream: it keeps filter state, a PCM16 input that ends in half a sample keeps the odd byte for
 * the next call, and a 16→8 kHz conversion keeps an odd sample. Feed each direction of a call through its own
 * instance, in order, from one thread. Conversions never allocate.
 */
public interface AudioConverter {

    /** The input format. */
    AudioFormat from();

    /** The output format. */
    AudioFormat to();

    /**
     * Converts {@code inLen} bytes from {@code in[inOff..]} and writes the result to {@code out[outOff..]}.
     * {@code out} must have room for {@link #maxOutputBytes(int) maxOutputBytes(inLen)} bytes from {@code outOff};
     * nothing is consumed when it has not.
     *
     * @return the number of bytes written
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    int convert(byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /** An upper bound of what {@link #convert} writes for {@code inLen} input bytes, whatever is carried over. */
    int maxOutputBytes(int inLen);

    /** Drops carried bytes and filter state, as for a new stream. */
    void reset();

    /**
     * A converter from {@code from} to {@code to}. Every pair of formats is supported; identical formats give a
     * plain copy and G.711 to G.711 a single table lookup per byte.
     */
    static AudioConverter create(AudioFormat from, AudioFormat to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from == to) {
            return new PassThroughConverter(from);
        }
        if (from.isG711() && to.isG711()) {
            return new G711TranscodeConverter(from, to);
        }
        return new LinearConverter(from, to);
    }
}
