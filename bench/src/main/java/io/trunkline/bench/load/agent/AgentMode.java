package io.trunkline.bench.load.agent;

/** How the fake agent talks back. */
public enum AgentMode {
    /** One coded frame back at once for every caller frame received: measures the outbound path frame by frame. */
    ECHO,
    /**
     * Bursts of coded audio faster than real time in chunks of irregular size, as Vapi delivers speech: measures
     * re-framing and pacing under bursty input.
     */
    BURST
}
