package io.trunkline.core.config;

/** When the gateway sends {@code 200 OK}. */
public enum AnswerPolicy {
    /** Only once the agent is connected; 503 if it does not connect in time. */
    ON_AGENT_READY,
    /** At once; caller audio is buffered until the agent is ready. */
    IMMEDIATE
}
