package io.trunkline.bench.load.agent;

/** How the fake agent talks back. */
public enum AgentMode {
    /** One coded frame back at once for every caller frame received: measures the outbound path frame by frame. */
    ECHO,
    /**
     * Bursts of coded audio faster than real time in chunks of irregular size, as Vapi delivers speech: measures
     * re-framing and pacing under bursty input.
     */
    BURST,
    /**
     * For calls the harness does not place (SIPp's): the caller's audio echoed back in 200 ms bursts, unpaced, each
     * followed by a Twilio {@code mark} (Vapi has none), as an agent that streams its speech faster than real time;
     * a call the harness does place (the churn run's probe call) gets coded frames in the same shape.
     */
    ECHO_BURSTS
}
