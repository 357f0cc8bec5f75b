package io.trunkline.core.media;

import io.trunkline.core.audio.AudioFormat;
import java.net.InetSocketAddress;

/**
 * An RTP/RTCP port pair bound for a call whose media is not negotiated yet: an outbound call offers its address
 * before the callee's answer says where to send and in which codec. Confined to the call's loop.
 */
public interface MediaPorts {

    /** The local RTP address to advertise in the SDP offer (bind address; the SIP layer substitutes the public one). */
    InetSocketAddress localRtpAddress();

    /**
     * The media leg on these ports toward {@code answer}, not started. Once opened, the leg owns the ports.
     *
     * @throws IllegalStateException when already opened or released
     */
    MediaLeg open(MediaOffer answer, AudioFormat agentFormat, MediaLegListener listener);

    /** Returns the ports unless a leg was opened on them. Idempotent. */
    void release();
}
