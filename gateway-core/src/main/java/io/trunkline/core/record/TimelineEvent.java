package io.trunkline.core.record;

import java.util.Objects;

/**
 * One moment of a call that its timeline shows beside the SIP phases, in milliseconds since the INVITE was
 * received (monotonic clock).
 *
 * @param kind       what happened: one of the constants of this record ({@value #TURN}, …)
 * @param atMs       when it happened (for a turn: when the caller stopped speaking)
 * @param durationMs how long it lasted (for a turn: until the agent's speech was heard; for the agent connection:
 *                   until it was ready); NaN (null in JSON) for instants
 * @param detail     the digit of a key press, the destination of a transfer; null otherwise
 */
public record TimelineEvent(String kind, double atMs, double durationMs, String detail) {

    /** The gateway started connecting to the agent; lasts until the agent was ready. */
    public static final String AGENT_CONNECT = "agent-connect";
    /** The caller's first speech began. */
    public static final String CALLER_SPEECH = "caller-speech";
    /** The caller stopped speaking; lasts until the agent's answer was heard (the turn latency). */
    public static final String TURN = "turn";
    /** The agent's queued audio was dropped because the caller spoke over it. */
    public static final String BARGE_IN = "barge-in";
    /** A key press from the caller. */
    public static final String DTMF = "dtmf";
    /** The agent asked to transfer the call. */
    public static final String TRANSFER = "transfer";

    public TimelineEvent {
        Objects.requireNonNull(kind, "kind");
    }

    /** An instant without duration or detail. */
    public static TimelineEvent at(String kind, double atMs) {
        return new TimelineEvent(kind, atMs, Double.NaN, null);
    }
}
