package io.trunkline.rtp.codec;

import io.trunkline.core.audio.AudioFormat;

/**
 * μ-law to A-law or back: a 256-entry table built by decoding each code to linear and encoding it in the other law,
 * so the result equals the two-step conversion byte for byte.
 */
final class G711TranscodeConverter implements AudioConverter {

    private static final byte[] ULAW_TO_ALAW = new byte[256];
    private static final byte[] ALAW_TO_ULAW = new byte[256];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_ALAW[code] = G711.linearToAlaw(G711.ulawToLinear((byte) code));
            ALAW_TO_ULAW[code] = G711.linearToUlaw(G711.alawToLinear((byte) code));
        }
    }

    private final AudioFormat from;
    private final AudioFormat to;
    private final byte[] table;

    G711TranscodeConverter(AudioFormat from, AudioFormat to) {
        if (!from.isG711() || !to.isG711() || from == to) {
            throw new IllegalArgumentException("not a G.711 transcoding: " + from + " -> " + to);
        }
        this.from = from;
        this.to = to;
        this.table = from == AudioFormat.PCMU_8K ? ULAW_TO_ALAW : ALAW_TO_ULAW;
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
        Ranges.check(out.length, outOff, inLen);
        byte[] t = table;
        for (int i = 0; i < inLen; i++) {
            out[outOff + i] = t[in[inOff + i] & 0xFF];
        }
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
        return "G711TranscodeConverter[" + from + " -> " + to + "]";
    }
}
