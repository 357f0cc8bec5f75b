package io.trunkline.core.config;

import java.util.Objects;

/** The whole gateway configuration: immutable, validated on construction. */
public record GatewayConfig(
        SipConfig sip,
        RtpConfig rtp,
        AgentConfig agent,
        CallConfig calls,
        MetricsConfig metrics,
        RecordsConfig records) {

    public static final GatewayConfig DEFAULTS = new GatewayConfig(SipConfig.DEFAULTS, RtpConfig.DEFAULTS,
            AgentConfig.DEFAULTS, CallConfig.DEFAULTS, MetricsConfig.DEFAULTS, RecordsConfig.DEFAULTS);

    public GatewayConfig {
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(rtp, "rtp");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(records, "records");
    }
}
