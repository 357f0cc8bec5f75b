package io.trunkline.core.media;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.DropObserver;
import java.nio.ByteBuffer;

/**
 * Events from a {@link MediaLeg}, delivered on the call's loop. The leg reports every packet or frame it drops
 * through {@link #dropped}, once, at the place where it drops it.
 */
public interface MediaLegListener extends DropObserver {

    /** One 20 ms frame of caller audio in the agent's format. The buffer is borrowed (see {@link io.trunkline.core.audio.AudioSink}). */
    void onCallerAudio(ByteBuffer frame);

    /** A completed key press (RFC 4733), reported once. */
    void onDtmf(DtmfDigit digit);

    /** No RTP from the caller for the configured inactivity timeout. */
    void onInactivity();

    /**
     * A packet carrying agent audio was handed to the socket toward the caller at {@code sentNanos} (monotonic,
     * {@link System#nanoTime()}): what the caller hears, and when. {@code payload} is the packet's 20 ms in the
     * carrier codec (a frame that ended a burst is padded with silence), borrowed for the duration of the call.
     * Packets of pure silence (nothing queued) and packets that could not be written are not reported.
     */
    void onAgentAudioSent(ByteBuffer payload, long sentNanos);

    /** The audio queued before mark {@code name} (see {@link MediaLeg#mark}) has been sent or cleared. */
    void onMarkPlayed(String name);
}
