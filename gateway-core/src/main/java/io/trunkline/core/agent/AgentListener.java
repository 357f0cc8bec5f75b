package io.trunkline.core.agent;

import io.trunkline.core.observe.DropObserver;
import java.nio.ByteBuffer;

/**
 * Events from an {@link AgentLeg}, delivered on the call's loop. The leg reports every frame or message it drops
 * (agent not ready, agent not reading, control message not sendable) through {@link #dropped}, once.
 */
public interface AgentListener extends DropObserver {

    /** The agent is connected and accepts audio. Called at most once, and never after {@link #onAgentFailed}. */
    void onAgentReady();

    /** The agent could not be reached or refused the call before becoming ready. */
    void onAgentFailed(AgentFailure failure);

    /** Agent audio of any length, in the leg's format. The buffer is borrowed. */
    void onAgentAudio(ByteBuffer audio);

    /** The agent asked to drop the caller's queued playback (barge-in). */
    void onClear();

    /** The agent placed a mark: echo it with {@link AgentLeg#markPlayed} once the audio before it has played. */
    void onMark(String name);

    /** The agent ended the call. {@code reason} is free text for logs and the SIP Reason header. */
    void onAgentHangup(String reason);

    /** The connection was lost or broke the protocol after it was ready. */
    void onAgentDisconnected(AgentFailure failure);
}
