package io.trunkline.rtp.playout;

import io.trunkline.core.media.MediaLegListener;
import io.trunkline.rtp.probe.MediaProbe;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Tells the leg's listener about every packet of agent audio that went out, with the time it was handed to the
 * socket: what the caller hears and when, for the call's speech timing (first speech, turn latency). Packets of
 * the pacer's own silence and packets that could not be written are not reported. A probe on the pacer;
 * single-threaded, on the loop.
 */
public final class SentAudio implements MediaProbe {

    private final MediaLegListener listener;
    private final LongSupplier clock;
    private byte[] wrapped;
    private ByteBuffer view;

    public SentAudio(MediaLegListener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void packetSent(byte[] payload, int audioBytes, boolean written) {
        if (!written || audioBytes == 0) {
            return;
        }
        if (payload != wrapped) { // the pacer reuses one array: wrapped once per leg
            wrapped = payload;
            view = ByteBuffer.wrap(payload, 0, Pacer.FRAME_BYTES);
        }
        listener.onAgentAudioSent(view.clear().limit(Pacer.FRAME_BYTES), clock.getAsLong());
    }
}
