package io.trunkline.core.media;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.loop.CallLoop;

/** Opens the media leg of a new call. Implemented by the RTP engine. */
public interface MediaLegFactory {

    /**
     * Allocates a port pair and binds it on {@code loop}. Must be called on {@code loop}.
     *
     * @param callId      for logs only
     * @param offer       the negotiated carrier media
     * @param agentFormat the format the agent sends and receives; caller audio is converted to it and agent audio
     *                    from it
     * @throws PortsExhaustedException when no port pair is free
     */
    MediaLeg open(String callId, CallLoop loop, MediaOffer offer, AudioFormat agentFormat, MediaLegListener listener)
            throws PortsExhaustedException;

    /**
     * Binds a port pair on {@code loop} for a call whose media is negotiated later (an outbound call). Must be called
     * on {@code loop}.
     *
     * @throws PortsExhaustedException when no port pair is free
     * @throws UnsupportedOperationException when the engine cannot reserve ports ahead of the offer
     */
    default MediaPorts reserve(String callId, CallLoop loop) throws PortsExhaustedException {
        throw new UnsupportedOperationException("this media engine cannot reserve ports");
    }

    /** Port pairs in use / in total, for metrics and admission. */
    int portPairsInUse();

    int portPairsTotal();
}
