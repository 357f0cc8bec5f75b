package io.trunkline.core.bridge;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Caller audio that arrives before the agent is ready (immediate answer): kept in order, up to a bound, and
 * replayed to the agent once it is. A frame beyond the bound is refused; the caller counts it as a drop.
 */
final class EarlyAudioBuffer {
    private final int maxBytes;
    private byte[] data = new byte[0];
    private int length;
    private int frameBytes;
    private long droppedFrames;

    EarlyAudioBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code frame} (copied); false when it does not fit, and it was not kept. */
    boolean add(ByteBuffer frame) {
        int n = frame.remaining();
        if (length + n > maxBytes) {
            droppedFrames++;
            return false;
        }
        if (length + n > data.length) {
            byte[] grown = new byte[Math.min(maxBytes, Math.max(length + n, data.length * 2 + 4096))];
            System.arraycopy(data, 0, grown, 0, length);
            data = grown;
        }
        frameBytes = n;
        frame.duplicate().get(data, length, n);
        length += n;
        return true;
    }

    /** Hands every buffered frame, in order and in the size it arrived, to {@code sink}, then empties the buffer. */
    void drainTo(Consumer<ByteBuffer> sink) {
        for (int offset = 0; offset < length; offset += frameBytes) {
            sink.accept(ByteBuffer.wrap(data, offset, Math.min(frameBytes, length - offset)));
        }
        length = 0;
        data = new byte[0];
    }

    int bufferedBytes() {
        return length;
    }

    /** Frames refused since the call started (for the log line at the end; the count itself is the tally's). */
    long droppedFrames() {
        return droppedFrames;
    }
}
