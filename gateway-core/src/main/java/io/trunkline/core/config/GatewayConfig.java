package io.trunkline.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole gateway configuration: immutable, validated on construction. {@code agent} answers every call that no
 * {@code routes} entry sends elsewhere.
 */
public record GatewayConfig(
        SipConfig sip,
        RtpConfig rtp,
        AgentConfig agent,
        CallConfig calls,
        MetricsConfig metrics,
        RecordsConfig records,
        List<AgentRoute> routes,
        AdminConfig admin,
        ApiConfig api,
        OutboundConfig outbound) {

    public static final GatewayConfig DEFAULTS = new GatewayConfig(SipConfig.DEFAULTS, RtpConfig.DEFAULTS,
            AgentConfig.DEFAULTS, CallConfig.DEFAULTS, MetricsConfig.DEFAULTS, RecordsConfig.DEFAULTS, List.of(),
            AdminConfig.DEFAULTS, ApiConfig.DEFAULTS, OutboundConfig.DEFAULTS);

    /** A configuration without outbound calls. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records, List<AgentRoute> routes, AdminConfig admin, ApiConfig api) {
        this(sip, rtp, agent, calls, metrics, records, routes, admin, api, OutboundConfig.DEFAULTS);
    }

    /** A configuration with the call-control API's defaults and without outbound calls. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records, List<AgentRoute> routes, AdminConfig admin) {
        this(sip, rtp, agent, calls, metrics, records, routes, admin, ApiConfig.DEFAULTS);
    }

    /** A configuration with the admin endpoints off. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records, List<AgentRoute> routes) {
        this(sip, rtp, agent, calls, metrics, records, routes, AdminConfig.DEFAULTS);
    }

    /** A configuration without routes: every call goes to {@code agent}. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records) {
        this(sip, rtp, agent, calls, metrics, records, List.of(), AdminConfig.DEFAULTS);
    }

    public GatewayConfig {
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(rtp, "rtp");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(records, "records");
        routes = routes == null ? List.of() : List.copyOf(routes);
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(outbound, "outbound");
    }

    /** This configuration with {@code newApi} as its call-control API settings. */
    public GatewayConfig withApi(ApiConfig newApi) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, newApi, outbound);
    }

    /** This configuration with {@code newOutbound} as its outbound settings. */
    public GatewayConfig withOutbound(OutboundConfig newOutbound) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, api, newOutbound);
    }
}
