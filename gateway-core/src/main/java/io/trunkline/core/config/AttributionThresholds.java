package io.trunkline.core.config;

/**
 * Where each layer of a call starts to count as slow, for the verdict of its {@link io.trunkline.core.record.Attribution}. A figure at or
 * above its threshold crosses it; the layer with the figure furthest above its threshold (as a ratio) is named.
 *
 * @param carrierAckMs         200 OK to ACK (the carrier's share of SIP set-up, about one round trip)
 * @param carrierJitterMs      mean interarrival jitter, inbound as measured here or outbound as the carrier reports
 * @param carrierLossPercent   packet loss either way, in percent
 * @param carrierRttMs         RTCP round-trip time
 * @param gatewayProcessingMs  99th percentile of the gateway's processing latency, either way
 * @param gatewayPacingErrorMs 99th percentile of the outbound pacing interval error
 * @param agentConnectMs       agent connect time
 * @param agentFirstSpeechMs   answer to the agent's first speech
 * @param agentTurnMs          95th percentile of the per-turn response latency
 */
public record AttributionThresholds(
        double carrierAckMs,
        double carrierJitterMs,
        double carrierLossPercent,
        double carrierRttMs,
        double gatewayProcessingMs,
        double gatewayPacingErrorMs,
        double agentConnectMs,
        double agentFirstSpeechMs,
        double agentTurnMs) {

    public static final AttributionThresholds DEFAULTS =
            new AttributionThresholds(1000, 30, 2, 400, 20, 20, 2000, 3000, 1500);

    public AttributionThresholds {
        positive("attribution.carrier-ack-ms", carrierAckMs);
        positive("attribution.carrier-jitter-ms", carrierJitterMs);
        positive("attribution.carrier-loss-percent", carrierLossPercent);
        positive("attribution.carrier-rtt-ms", carrierRttMs);
        positive("attribution.gateway-processing-ms", gatewayProcessingMs);
        positive("attribution.gateway-pacing-error-ms", gatewayPacingErrorMs);
        positive("attribution.agent-connect-ms", agentConnectMs);
        positive("attribution.agent-first-speech-ms", agentFirstSpeechMs);
        positive("attribution.agent-turn-ms", agentTurnMs);
    }

    private static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(key, "a positive number", value);
        }
    }
}
