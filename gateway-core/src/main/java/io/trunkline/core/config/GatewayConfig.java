package io.trunkline.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole gateway configuration: immutable, validated on construction. {@code agent} answers every call that no
 * {@code routes} entry sends elsewhere; {@code transfer} says how calls are handed over to a human,
 * {@code vapiServer} where Vapi's server messages are taken, {@code outbound} which trunk calls are placed through.
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
        TransferConfig transfer,
        VapiServerConfig vapiServer,
        OutboundConfig outbound) {

    public static final GatewayConfig DEFAULTS = new GatewayConfig(SipConfig.DEFAULTS, RtpConfig.DEFAULTS,
            AgentConfig.DEFAULTS, CallConfig.DEFAULTS, MetricsConfig.DEFAULTS, RecordsConfig.DEFAULTS, List.of(),
            AdminConfig.DEFAULTS, ApiConfig.DEFAULTS, TransferConfig.DEFAULTS, VapiServerConfig.DEFAULTS,
            OutboundConfig.DEFAULTS);

    /** A configuration without outbound calls. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records, List<AgentRoute> routes, AdminConfig admin, ApiConfig api, TransferConfig transfer,
            VapiServerConfig vapiServer) {
        this(sip, rtp, agent, calls, metrics, records, routes, admin, api, transfer, vapiServer,
                OutboundConfig.DEFAULTS);
    }

    /** A configuration with the default call-control API and transfer settings. */
    public GatewayConfig(SipConfig sip, RtpConfig rtp, AgentConfig agent, CallConfig calls, MetricsConfig metrics,
            RecordsConfig records, List<AgentRoute> routes, AdminConfig admin) {
        this(sip, rtp, agent, calls, metrics, records, routes, admin, ApiConfig.DEFAULTS, TransferConfig.DEFAULTS,
                VapiServerConfig.DEFAULTS);
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
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(vapiServer, "vapiServer");
        Objects.requireNonNull(outbound, "outbound");
    }

    /** This configuration with {@code newApi} as its call-control API settings. */
    public GatewayConfig withApi(ApiConfig newApi) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, newApi, transfer,
                vapiServer, outbound);
    }

    /** This configuration with {@code transfer} instead of its transfer settings. */
    public GatewayConfig withTransfer(TransferConfig transfer) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, api, transfer, vapiServer,
                outbound);
    }

    /** This configuration with {@code vapiServer} instead of its Vapi server-message endpoint settings. */
    public GatewayConfig withVapiServer(VapiServerConfig vapiServer) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, api, transfer, vapiServer,
                outbound);
    }

    /** This configuration with {@code newOutbound} as its outbound settings. */
    public GatewayConfig withOutbound(OutboundConfig newOutbound) {
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, api, transfer, vapiServer,
                newOutbound);
    }
}
