package io.trunkline.core.media;

import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/** Events from a {@link MediaLeg}, delivered on the call's loop. */
public interface MediaLegListener {

    /** One 20 ms frame of caller audio in the agent's format. The buffer is borrowed (see {@link io.trunkline.core.audio.AudioSink}). */
    void onCallerAudio(ByteBuffer frame);

    /** A completed key press (RFC 4733), reported once. */
    void onDtmf(DtmfDigit digit);

    /** No RTP from the caller for the configured inactivity timeout. */
    void onInactivity();
}
