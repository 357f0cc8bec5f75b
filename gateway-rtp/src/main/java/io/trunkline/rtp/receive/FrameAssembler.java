package io.trunkline.rtp.receive;

import io.trunkline.core.audio.AudioSink;
import java.nio.ByteBuffer;

/**
 * Re-frames converted caller audio into exact 20 ms frames, whatever the packetisation (10, 20, 30 ms, …) and
 * whatever a resampler carries over between calls. The converter writes straight into {@link #array()} at
 * {@link #fill()}; {@link #commit} hands every complete frame to the sink from one preallocated, borrowed buffer
 * that always starts at index 0.
 */
final class FrameAssembler {

    private final int frameBytes;
    private final byte[] buffer;
    private final ByteBuffer view;
    private int fill;

    /**
     * @param frameBytes    bytes of one 20 ms frame of the output format
     * @param maxChunkBytes the most bytes one conversion can write
     */
    FrameAssembler(int frameBytes, int maxChunkBytes) {
        this.frameBytes = frameBytes;
        // After every commit less than a frame is left, so a full chunk always fits behind it.
        this.buffer = new byte[frameBytes + maxChunkBytes];
        this.view = ByteBuffer.wrap(buffer);
    }

    /** Where the converter writes. */
    byte[] array() {
        return buffer;
    }

    /** The index the converter writes at. */
    int fill() {
        return fill;
    }

    /**
     * Accepts {@code written} bytes the converter put at {@link #fill()} and emits every complete frame.
     *
     * @return frames emitted
     */
    int commit(int written, AudioSink sink) {
        fill += written;
        int frames = 0;
        while (fill >= frameBytes) {
            view.clear().limit(frameBytes);
            sink.onAudio(view);
            fill -= frameBytes;
            System.arraycopy(buffer, frameBytes, buffer, 0, fill);
            frames++;
        }
        return frames;
    }

    /** Forgets a partial frame (a new stream starts). */
    void reset() {
        fill = 0;
    }
}
