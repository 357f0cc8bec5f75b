package io.trunkline.core.agent;

import io.trunkline.core.observe.DropObserver;
import java.nio.ByteBuffer;

/**
 * Everything an {@link AgentLeg} has to say, in one direction: the leg emits, the call that owns this sink
 * decides. The leg never asks the call anything, and the call never asks the leg back. Delivered on the call's
 * loop. A leg emits at most one terminal event ({@link #hangup} or {@link #failed}) and nothing after it, and
 * nothing at all once the call closed it; drops are the exception: they are facts about the connection and always
 * reported, once, where they happen.
 */
public interface AgentEvents extends DropObserver {

    /** The agent platform's id for this call (a Vapi call id, a Twilio stream SID), for the record; at most once. */
    void identified(String agentCallId);

    /** The agent is connected and accepts audio; {@code phases} says how long the connection took, where known. */
    void ready(ConnectPhases phases);

    /** Agent audio of any length, in the leg's format. The buffer is borrowed. */
    void audio(ByteBuffer audio);

    /** The agent asked to drop the caller's queued playback (barge-in). */
    void clear();

    /**
     * The agent placed a mark in its audio: once everything queued before it has been played to the caller, echo
     * it with {@link AgentLeg#markPlayed}.
     */
    void mark(String name);

    /** The agent ended the call. {@code reason} is free text for logs and the SIP Reason header. */
    void hangup(String reason);

    /** The agent asked for the caller to be transferred elsewhere. */
    void transferRequested(TransferRequest request);

    /**
     * The agent refuses the call before it is answered, with the SIP status the caller gets ({@code 486} busy,
     * {@code 603} declined…); once the call is answered this is a hang-up. Terminal. By default a hang-up.
     */
    default void refused(int sipStatus, String reason) {
        hangup(reason);
    }

    /**
     * The connection failed: before readiness, the agent could not be reached or refused the call; after it, the
     * connection was lost or the agent broke the protocol. Terminal.
     */
    void failed(AgentFailure failure);
}
