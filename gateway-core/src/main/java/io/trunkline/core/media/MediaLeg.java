package io.trunkline.core.media;

import io.trunkline.core.audio.AudioFormat;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The carrier-facing media of one call: an RTP/RTCP port pair, receive statistics, inbound decoding toward the
 * agent's format and an outbound playout queue with a 20 ms pacer. All methods must be called on the call's loop.
 */
public interface MediaLeg {

    /** The local RTP address to advertise in the SDP answer (bind address; the SIP layer substitutes the public one). */
    InetSocketAddress localRtpAddress();

    /** Starts receiving and, if the direction allows, sending paced RTP. */
    void start();

    /** Applies a re-INVITE: new remote address and/or direction. Sending pauses while the carrier does not receive. */
    void update(MediaOffer offer);

    /**
     * Queues agent audio for playout, in the agent's format, any length. The buffer is borrowed: its content is
     * copied before this returns. Returns the number of bytes that did not fit in the bounded queue (counted as
     * dropped by the leg), normally 0.
     */
    int play(ByteBuffer agentAudio);

    /** Drops all queued audio at once (barge-in). The next packet sent is silence or newly queued audio. */
    void clear();

    /** Milliseconds of agent audio queued and not yet sent. */
    int queuedMillis();

    /**
     * Places mark {@code name} behind the audio queued so far: {@link MediaLegListener#onMarkPlayed} reports it once
     * that audio has been sent, or dropped by {@link #clear()} (then at once, as Twilio echoes the marks of
     * cleared audio). Reported at once when nothing is queued.
     */
    void mark(String name);

    /**
     * Queues {@code digits} ({@code 0-9 * # A-D}) to be sent to the carrier-side party as RFC 4733 telephone-events
     * under the payload type the offer named: each key a 100 ms event (its end packet sent three times), keys 60 ms
     * apart, in place of the audio packets of that time, so sequence numbers and timestamps stay those of the one
     * stream. Queued agent audio waits meanwhile; nothing is sent while the carrier does not receive (hold).
     *
     * @return false, queuing nothing, when the offer had no telephone-event payload type, too many digits already
     *         wait, or the leg is closed
     */
    boolean sendDtmf(String digits);

    /**
     * Exchanges audio with the call in {@code format} from now on, both ways: {@link MediaLegListener#onCallerAudio}
     * delivers it and {@link #play} takes it. Queued audio is dropped (its marks reported). For a call that stops
     * talking to its agent: a bridged transfer plays ring-back, then relays the leg's own codec to another leg.
     */
    void reformat(AudioFormat format);

    /** A snapshot of both directions' statistics. */
    MediaStats stats();

    /** Stops pacing, closes the channel and returns the ports. Idempotent. */
    void close();
}
