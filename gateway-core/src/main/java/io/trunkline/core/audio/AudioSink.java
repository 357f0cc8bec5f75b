package io.trunkline.core.audio;

import java.nio.ByteBuffer;

/**
 * Receives audio. The buffer is <em>borrowed</em>: it is valid only for the duration of the call, its content must
 * be copied if kept, and its position/limit must not be relied on afterwards. This lets the media path hand frames
 * across ports without allocating.
 */
@FunctionalInterface
public interface AudioSink {
    void onAudio(ByteBuffer audio);
}
