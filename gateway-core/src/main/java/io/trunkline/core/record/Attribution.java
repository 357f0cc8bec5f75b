package io.trunkline.core.record;

import io.trunkline.core.config.AttributionThresholds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three layers of one call side by side, so that a bad call points at where to look first: the carrier (SIP
 * set-up, network jitter and loss both ways), the gateway (its own processing and pacing) and the agent (connect,
 * first speech, turn latency). Figures in milliseconds (loss as a fraction 0..1), NaN where not measured
 * (null in the JSON record).
 *
 * @param carrier  the carrier and the network toward it
 * @param gateway  this gateway
 * @param agent    the voice-AI agent
 * @param verdict  {@code carrier}, {@code gateway} or {@code agent}: the layer furthest beyond one of its
 *                 thresholds; {@code none} when no threshold was crossed
 * @param exceeded the figures that crossed their threshold, worst first ({@code agent.turnP95Ms}, …)
 * @param limits   the threshold each of those figures crossed, by the same name and in the figure's unit (so that
 *                 a reader can say "first speech 3.4 s, over 3 s")
 */
public record Attribution(CarrierLayer carrier, GatewayLayer gateway, AgentLayer agent, String verdict,
        List<String> exceeded, Map<String, Double> limits) {

    public static final String NONE = "none";

    /**
     * @param setupMs            INVITE to 200 OK, as the carrier saw it (includes waiting for the agent)
     * @param ackMs              200 OK to ACK
     * @param jitterMeanMs       inbound jitter, mean
     * @param jitterMaxMs        inbound jitter, maximum
     * @param lossFraction       inbound loss
     * @param farEndLossFraction outbound loss as the carrier reported it
     * @param farEndJitterMs     outbound jitter as the carrier reported it, mean
     * @param rttMs              RTCP round trip, latest
     */
    public record CarrierLayer(double setupMs, double ackMs, double jitterMeanMs, double jitterMaxMs,
            double lossFraction, double farEndLossFraction, double farEndJitterMs, double rttMs) {
    }

    /**
     * @param tryingMs         INVITE to 100 Trying
     * @param inboundP50Ms     caller audio, packet in to frame out, median
     * @param inboundP99Ms     99th percentile
     * @param outboundP50Ms    agent audio in to packet handed to the socket (without pacing wait), median
     * @param outboundP99Ms    99th percentile
     * @param pacingWaitP50Ms  time agent audio waited for its 20 ms slot, median
     * @param pacingErrorP99Ms outbound packet interval error, 99th percentile
     */
    public record GatewayLayer(double tryingMs, double inboundP50Ms, double inboundP99Ms, double outboundP50Ms,
            double outboundP99Ms, double pacingWaitP50Ms, double pacingErrorP99Ms) {
    }

    /**
     * @param connectMs     agent connect
     * @param firstSpeechMs answer to the agent's first speech
     * @param turnP50Ms     per-turn response latency, median
     * @param turnP95Ms     95th percentile
     * @param turns         turns measured
     */
    public record AgentLayer(double connectMs, double firstSpeechMs, double turnP50Ms, double turnP95Ms, int turns) {
    }

    public Attribution {
        exceeded = List.copyOf(exceeded);
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    /** An attribution that does not say which thresholds were crossed. */
    public Attribution(CarrierLayer carrier, GatewayLayer gateway, AgentLayer agent, String verdict,
            List<String> exceeded) {
        this(carrier, gateway, agent, verdict, exceeded, Map.of());
    }

    /** Lays out a call's figures by layer and names the slowest layer against {@code limits}. */
    public static Attribution assess(SipTimings sip, RtpStreamStats inbound, FarEndStats farEnd,
            GatewayTimings gateway, AgentTimings agent, TurnStats turns, AttributionThresholds limits) {
        boolean media = inbound.packets() > 0;
        CarrierLayer carrier = new CarrierLayer(sip.answered(),
                sip.acked() - sip.answered(),
                media ? inbound.jitterMeanMs() : Double.NaN, media ? inbound.jitterMaxMs() : Double.NaN,
                media ? inbound.lossFraction() : Double.NaN, farEnd == null ? Double.NaN : farEnd.lossFraction(),
                farEnd == null ? Double.NaN : farEnd.jitterMeanMs(), farEnd == null ? Double.NaN : farEnd.rttMs());
        GatewayLayer gw = new GatewayLayer(sip.trying(), gateway.inbound().p50Ms(), gateway.inbound().p99Ms(),
                gateway.outbound().p50Ms(), gateway.outbound().p99Ms(), gateway.pacingWait().p50Ms(),
                gateway.pacingError().p99Ms());
        AgentLayer ag = new AgentLayer(agent.connectMs(), agent.firstSpeechMs(), turns.p50Ms(), turns.p95Ms(),
                turns.count());

        List<Crossing> crossed = new ArrayList<>();
        check(crossed, "carrier.ackMs", carrier.ackMs(), limits.carrierAckMs());
        check(crossed, "carrier.jitterMeanMs", carrier.jitterMeanMs(), limits.carrierJitterMs());
        check(crossed, "carrier.farEndJitterMs", carrier.farEndJitterMs(), limits.carrierJitterMs());
        check(crossed, "carrier.lossFraction", 100 * carrier.lossFraction(), limits.carrierLossPercent(), 0.01);
        check(crossed, "carrier.farEndLossFraction", 100 * carrier.farEndLossFraction(), limits.carrierLossPercent(),
                0.01);
        check(crossed, "carrier.rttMs", carrier.rttMs(), limits.carrierRttMs());
        check(crossed, "gateway.inboundP99Ms", gw.inboundP99Ms(), limits.gatewayProcessingMs());
        check(crossed, "gateway.outboundP99Ms", gw.outboundP99Ms(), limits.gatewayProcessingMs());
        check(crossed, "gateway.pacingErrorP99Ms", gw.pacingErrorP99Ms(), limits.gatewayPacingErrorMs());
        check(crossed, "agent.connectMs", ag.connectMs(), limits.agentConnectMs());
        check(crossed, "agent.firstSpeechMs", ag.firstSpeechMs(), limits.agentFirstSpeechMs());
        check(crossed, "agent.turnP95Ms", ag.turnP95Ms(), limits.agentTurnMs());
        crossed.sort(Comparator.comparingDouble(Crossing::ratio).reversed());

        String verdict = crossed.isEmpty() ? NONE : crossed.get(0).layer();
        Map<String, Double> crossedLimits = new LinkedHashMap<>();
        crossed.forEach(c -> crossedLimits.put(c.name(), c.limit()));
        return new Attribution(carrier, gw, ag, verdict, crossed.stream().map(Crossing::name).toList(),
                crossedLimits);
    }

    /** @param limit the threshold, in the unit of the record's figure */
    private record Crossing(String name, double ratio, double limit) {
        String layer() {
            return name.substring(0, name.indexOf('.'));
        }
    }

    /** NaN means "not measured" and never crosses. */
    private static void check(List<Crossing> crossed, String name, double value, double threshold) {
        check(crossed, name, value, threshold, 1);
    }

    /** @param unit what one unit of {@code threshold} is in the record's figure (0.01 for a percent of a fraction) */
    private static void check(List<Crossing> crossed, String name, double value, double threshold, double unit) {
        if (value >= 0 && value >= threshold) {
            crossed.add(new Crossing(name, value / threshold, threshold * unit));
        }
    }
}
