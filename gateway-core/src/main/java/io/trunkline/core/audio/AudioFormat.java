package io.trunkline.core.audio;

/**
 * The audio encodings that cross the gateway: G.711 on the carrier side, G.711 or linear PCM on the agent side.
 * All frames are 20 ms; {@link #frameBytes()} is the size of one such frame.
 */
public enum AudioFormat {
    PCMU_8K(Encoding.MULAW, 8000, 1),
    PCMA_8K(Encoding.ALAW, 8000, 1),
    PCM16_8K(Encoding.PCM16LE, 8000, 2),
    PCM16_16K(Encoding.PCM16LE, 16000, 2);

    /** The frame duration used everywhere in the gateway. */
    public static final int FRAME_MILLIS = 20;

    /** How samples are stored. PCM16 is signed 16-bit little-endian, as Vapi's {@code pcm_s16le}. */
    public enum Encoding { MULAW, ALAW, PCM16LE }

    private final Encoding encoding;
    private final int sampleRate;
    private final int bytesPerSample;

    AudioFormat(Encoding encoding, int sampleRate, int bytesPerSample) {
        this.encoding = encoding;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
    }

    public Encoding encoding() {
        return encoding;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** Samples in one 20 ms frame. */
    public int frameSamples() {
        return sampleRate * FRAME_MILLIS / 1000;
    }

    /** Bytes in one 20 ms frame: 160 for G.711, 320 for PCM16/8k, 640 for PCM16/16k. */
    public int frameBytes() {
        return frameSamples() * bytesPerSample;
    }

    public boolean isG711() {
        return encoding != Encoding.PCM16LE;
    }

    /** Milliseconds of audio in {@code bytes} bytes of this format. */
    public double millisOf(int bytes) {
        return bytes * 1000.0 / (sampleRate * (double) bytesPerSample);
    }
}
