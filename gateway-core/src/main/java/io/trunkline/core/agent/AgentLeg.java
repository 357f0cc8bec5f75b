package io.trunkline.core.agent;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/**
 * The agent side of one call: a connection to a voice-AI agent speaking one wire protocol. Commands go down to it;
 * what it has to say comes back only as {@link AgentEvents}. All methods are called on the call's loop and never
 * block.
 */
public interface AgentLeg {

    /** The format of audio in both directions ({@link #sendAudio} and {@link AgentEvents#audio}). */
    AudioFormat format();

    /**
     * Sends one 20 ms frame of caller audio. The buffer is borrowed. The call sends audio only once the leg reported
     * ready; a frame the connection cannot take is dropped and reported as a drop.
     */
    void sendAudio(ByteBuffer frame);

    /** Tells the agent that the caller pressed a key. */
    void sendDtmf(DtmfDigit digit);

    /** Confirms that all audio queued before the mark {@code name} has been played out to the caller. */
    void markPlayed(String name);

    /**
     * A transfer the agent (or an operator) asked for failed: the caller is still on the line, with the agent.
     * Protocols that can tell the agent do (Vapi: a system message; raw: an event); the others ignore it.
     */
    default void transferFailed(String destination, String reason) {
    }

    /**
     * The gateway ends the call for a reason other than the agent (caller BYE or CANCEL, maximum duration, RTP
     * inactivity, drain, shutdown): tell the agent (the protocol's end message), then close. Idempotent with close.
     */
    void gatewayEnded();

    /** Closes the connection without further messages. Idempotent. */
    void close();
}
