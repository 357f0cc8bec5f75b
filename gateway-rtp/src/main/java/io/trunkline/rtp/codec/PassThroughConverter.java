package io.trunkline.rtp.codec;

import io.trunkline.core.audio.AudioFormat;

/** Identical formats: the bytes are copied unchanged. */
final class PassThroughConverter implements AudioConverter {

    private final AudioFormat format;

    PassThroughConverter(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat from() {
        return format;
    }

    @Override
    public AudioFormat to() {
        return format;
    }

    @Override
    public int convert(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        System.arraycopy(in, inOff, out, outOff, inLen);
        return inLen;
    }

    @Override
    public int maxOutputBytes(int inLen) {
        return inLen;
    }

    @Override
    public void reset() {
        // stateless
    }

    @Override
    public String toString() {
        return "PassThroughConverter[" + format + "]";
    }
}
