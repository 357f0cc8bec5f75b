package io.trunkline.rtp.codec;

import io.trunkline.core.audio.AudioFormat.Encoding;
import io.trunkline.core.audio.AudioFormat;

/**
 * Any conversion that goes through linear samples: decode (G.711 or PCM16) to {@code short}, resample 2× up or
 * down when the rates differ, encode (G.711 or PCM16). Works in fixed blocks of at most {@value #BLOCK} input
 * samples through preallocated scratch arrays, so input of any length is converted without allocating.
 */
final class LinearConverter implements AudioConverter {

    /** One 20 ms frame at 16 kHz: a typical frame at either rate goes through in one pass. */
    private static final int BLOCK = 320;

    private final AudioFormat from;
    private final AudioFormat to;
    private final Upsampler2x upsampler;
    private final Downsampler2x downsampler;
    private final short[] decoded = new short[BLOCK];
    private final short[] resampled;
    /** A PCM16 input that ended in the low byte of a sample. */
    private boolean carry;
    private byte carryByte;
    /** Samples produced by the last {@link #decodeBlock}. */
    private int blockSamples;

    LinearConverter(AudioFormat from, AudioFormat to) {
        if (from.isG711() && to.isG711()) {
            throw new IllegalArgumentException("no linear stage in " + from + " -> " + to);
        }
        this.from = from;
        this.to = to;
        if (to.sampleRate() == 2 * from.sampleRate()) {
            upsampler = new Upsampler2x();
            downsampler = null;
            resampled = new short[2 * BLOCK];
        } else if (from.sampleRate() == 2 * to.sampleRate()) {
            upsampler = null;
            downsampler = new Downsampler2x();
            resampled = new short[BLOCK / 2];
        } else if (from.sampleRate() == to.sampleRate()) {
            upsampler = null;
            downsampler = null;
            resampled = decoded;
        } else {
            throw new IllegalArgumentException("unsupported rate change " + from + " -> " + to);
        }
    }

    @Override
    public AudioFormat from() {
        return from;
    }

    @Override
    public AudioFormat to() {
        return to;
    }

    @Override
    public int convert(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Ranges.check(in.length, inOff, inLen);
        Ranges.check(out.length, outOff, outputBytes(inLen));
        int pos = inOff;
        int end = inOff + inLen;
        int written = outOff;
        while (pos < end) {
            pos += decodeBlock(in, pos, end);
            if (blockSamples == 0) {
                break;
            }
            written += encode(resample(blockSamples), out, written);
        }
        if (from.encoding() == Encoding.PCM16LE && pos < end) {
            carryByte = in[pos];
            carry = true;
        }
        return written - outOff;
    }

    @Override
    public int maxOutputBytes(int inLen) {
        int samples = from.encoding() == Encoding.PCM16LE ? (inLen + 1) / 2 : inLen;
        return outputSamples(samples, true) * to.bytesPerSample();
    }

    @Override
    public void reset() {
        carry = false;
        if (upsampler != null) {
            upsampler.reset();
        }
        if (downsampler != null) {
            downsampler.reset();
        }
    }

    /** Exactly what {@link #convert} will write for {@code inLen} bytes in the current state. */
    private int outputBytes(int inLen) {
        int samples = from.encoding() == Encoding.PCM16LE ? (inLen + (carry ? 1 : 0)) / 2 : inLen;
        boolean oddCarried = downsampler != null && downsampler.hasPending();
        return outputSamples(samples, oddCarried) * to.bytesPerSample();
    }

    private int outputSamples(int samples, boolean oddCarried) {
        if (upsampler != null) {
            return 2 * samples;
        }
        if (downsampler != null) {
            return (samples + (oddCarried ? 1 : 0)) / 2;
        }
        return samples;
    }

    /**
     * Decodes up to {@link #BLOCK} samples starting at {@code pos} into {@link #decoded} and sets
     * {@link #blockSamples}; a carried byte becomes the first sample's low byte.
     *
     * @return the number of input bytes consumed
     */
    private int decodeBlock(byte[] in, int pos, int end) {
        switch (from.encoding()) {
            case MULAW: {
                int n = Math.min(BLOCK, end - pos);
                G711.decodeUlaw(in, pos, decoded, 0, n);
                blockSamples = n;
                return n;
            }
            case ALAW: {
                int n = Math.min(BLOCK, end - pos);
                G711.decodeAlaw(in, pos, decoded, 0, n);
                blockSamples = n;
                return n;
            }
            default:
                return decodePcm16(in, pos, end);
        }
    }

    private int decodePcm16(byte[] in, int pos, int end) {
        int s = 0;
        int start = pos;
        if (carry) {
            decoded[s++] = (short) ((carryByte & 0xFF) | (in[pos++] << 8));
            carry = false;
        }
        int n = Math.min(BLOCK - s, (end - pos) / 2);
        Pcm16.read(in, pos, decoded, s, n);
        blockSamples = s + n;
        return pos + 2 * n - start;
    }

    private int resample(int n) {
        if (upsampler != null) {
            return upsampler.process(decoded, 0, n, resampled, 0);
        }
        if (downsampler != null) {
            return downsampler.process(decoded, 0, n, resampled, 0);
        }
        return n;
    }

    private int encode(int n, byte[] out, int outOff) {
        switch (to.encoding()) {
            case MULAW:
                G711.encodeUlaw(resampled, 0, out, outOff, n);
                return n;
            case ALAW:
                G711.encodeAlaw(resampled, 0, out, outOff, n);
                return n;
            default:
                Pcm16.write(resampled, 0, out, outOff, n);
                return 2 * n;
        }
    }

    @Override
    public String toString() {
        return "LinearConverter[" + from + " -> " + to + "]";
    }
}
