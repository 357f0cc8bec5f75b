package io.trunkline.core.agent;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.loop.CallLoop;

/** Connects calls to one kind of agent. Implemented by the WebSocket adapter, one per agent protocol. */
public interface AgentConnector {

    /** The configured {@code agent.kind} (demo, vapi, twilio-stream, raw), for records and metric tags. */
    String kind();

    /** The audio format this agent speaks; the media engine converts the caller's audio to it. */
    AudioFormat format();

    /**
     * Starts connecting and returns at once; the leg reports everything, readiness or failure first, to
     * {@code events}, never before this method returned. Must be called on {@code loop}; the leg's I/O stays on it.
     */
    AgentLeg connect(AgentSession session, CallLoop loop, AgentEvents events);

    /**
     * How long a call waits for this agent to be ready, given the configured {@code calls.agent-ready-timeout}: a
     * connector with set-up work of its own before the agent connects (asking an application what to do) adds
     * that work's bound.
     */
    default java.time.Duration readyTimeout(java.time.Duration configured) {
        return configured;
    }
}
