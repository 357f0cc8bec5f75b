package io.trunkline.core.record;

/**
 * Agent-side timings, in milliseconds; NaN where not measured (the JSON record has null there).
 *
 * @param connectMs          from the start of the agent connection to the agent being ready
 * @param firstAudioMs       from answer (200 OK) to the first agent audio sent to the caller
 * @param firstSpeechMs      from answer to the first agent audio the voice-activity detector calls speech, at the
 *                           time it is played to the caller
 * @param connectRestMs      platforms that create the call over REST first (Vapi): that request's share of
 *                           {@code connectMs}; NaN when the connector does not report it
 * @param connectWebSocketMs the WebSocket connect and handshake share of {@code connectMs}; NaN when not reported
 * @param reconnects         times the agent connection was re-established during the call
 * @param errors             agent connection failures and disconnects during the call
 */
public record AgentTimings(double connectMs, double firstAudioMs, double firstSpeechMs, double connectRestMs,
        double connectWebSocketMs, int reconnects, int errors) {

    public static final AgentTimings NONE = new AgentTimings(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, 0, 0);

    /** Connect and first-audio times only. */
    public AgentTimings(double connectMs, double firstAudioMs) {
        this(connectMs, firstAudioMs, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }
}
