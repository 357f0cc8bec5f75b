package io.trunkline.core.agent;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/**
 * The agent side of one call: a connection to a voice-AI agent speaking one wire protocol. All methods are called
 * on the call's loop and never block.
 */
public interface AgentLeg {

    /** The format of audio in both directions ({@link #sendAudio} and {@link AgentListener#onAgentAudio}). */
    AudioFormat format();

    /** Sends one 20 ms frame of caller audio. The buffer is borrowed. Dropped (and counted) before ready. */
    void sendAudio(ByteBuffer frame);

    /** Tells the agent that the caller pressed a key. */
    void sendDtmf(DtmfDigit digit);

    /** Confirms that all audio queued before the mark {@code name} has been played out to the caller. */
    void markPlayed(String name);

    /**
     * The gateway ends the call for a reason other than the agent (caller BYE or CANCEL, maximum duration, RTP
     * inactivity, drain, shutdown): tell the agent (the protocol's end message), then close. Idempotent with close.
     */
    void gatewayEnded();

    /** Closes the connection without further messages. Idempotent. */
    void close();

    /** The agent platform's id for this call (e.g. the Vapi call id), or null when it has none. */
    String agentCallId();
}
