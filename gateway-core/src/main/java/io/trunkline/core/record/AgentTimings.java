package io.trunkline.core.record;

/**
 * Agent-side timings, in milliseconds; -1 where unknown.
 *
 * @param connectMs          from the start of the agent connection to the agent being ready
 * @param firstAudioMs       from answer (200 OK) to the first agent audio sent to the caller
 */
public record AgentTimings(double connectMs, double firstAudioMs) {

    public static final AgentTimings NONE = new AgentTimings(-1, -1);
}
