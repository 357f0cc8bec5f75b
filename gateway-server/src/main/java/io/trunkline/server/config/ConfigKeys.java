package io.trunkline.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every configuration key with its default, in the order they are printed. A key {@code section.some-key} is
 * overridden by the environment variable {@code TRUNKLINE_SECTION_SOME_KEY}.
 */
final class ConfigKeys {
    /** Keys whose values are masked when the configuration is printed. */
    static final Set<String> SECRETS = Set.of("agent.url", "records.webhook-url", "twiml.voice-url",
            "twiml.fallback-url", "twiml.status-callback");

    /** Keys a route may set for its own agent (everything else comes from the default agent). */
    static final Set<String> ROUTE_SECTIONS = Set.of("agent", "vapi", "twiml");

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("sip.bind-address", "0.0.0.0");
        DEFAULTS.put("sip.port", "5060");
        DEFAULTS.put("sip.advertised-address", "");
        DEFAULTS.put("sip.transports", "udp,tcp");
        DEFAULTS.put("sip.tls-port", "5061");
        DEFAULTS.put("sip.tls-certificate", "");
        DEFAULTS.put("sip.tls-private-key", "");
        DEFAULTS.put("sip.tls-reload-interval", "60s");
        DEFAULTS.put("sip.listener-threads", "4");
        DEFAULTS.put("sip.max-message-bytes", "65536");
        DEFAULTS.put("sip.max-server-transactions", "10000");
        DEFAULTS.put("sip.allowlist", "");
        DEFAULTS.put("sip.on-denied", "drop");
        DEFAULTS.put("sip.rate-limit-per-second", "500");
        DEFAULTS.put("sip.rate-limit-burst", "1000");
        DEFAULTS.put("sip.rate-limit-sources", "10000");
        DEFAULTS.put("sip.on-rate-limited", "drop");
        DEFAULTS.put("sip.digest-enabled", "false");
        DEFAULTS.put("sip.digest-realm", "trunkline");
        DEFAULTS.put("sip.digest-username-env", "SIP_DIGEST_USERNAME");
        DEFAULTS.put("sip.digest-password-env", "SIP_DIGEST_PASSWORD");
        DEFAULTS.put("sip.digest-nonce-ttl", "60s");
        DEFAULTS.put("rtp.bind-address", "0.0.0.0");
        DEFAULTS.put("rtp.advertised-address", "");
        DEFAULTS.put("rtp.port-min", "20000");
        DEFAULTS.put("rtp.port-max", "29999");
        DEFAULTS.put("rtp.latching", "true");
        DEFAULTS.put("rtp.inactivity-timeout", "30s");
        DEFAULTS.put("rtp.playout-queue-millis", "60000");
        DEFAULTS.put("rtp.io-threads", "0");
        DEFAULTS.put("rtp.srtp", "optional");
        DEFAULTS.put("rtp.realtime-priority", "0");
        DEFAULTS.put("agent.kind", "demo");
        DEFAULTS.put("agent.url", "");
        DEFAULTS.put("agent.connect-timeout", "5s");
        DEFAULTS.put("agent.max-frame-bytes", "1048576");
        DEFAULTS.put("agent.sample-rate", "16000");
        DEFAULTS.put("agent.on-disconnect", "hangup");
        DEFAULTS.put("agent.reconnect-deadline", "3s");
        DEFAULTS.put("agent.stall-timeout", "2s");
        DEFAULTS.put("agent.fallback-uri", "");
        DEFAULTS.put("agent.custom-parameters", pairs(io.trunkline.core.config.AgentConfig.DEFAULT_CUSTOM_PARAMETERS));
        DEFAULTS.put("agent.twilio-auth-token-env", "");
        DEFAULTS.put("vapi.base-url", "https://api.vapi.ai");
        DEFAULTS.put("vapi.api-key-env", "VAPI_API_KEY");
        DEFAULTS.put("vapi.assistant-id", "");
        DEFAULTS.put("vapi.assistant-file", "");
        DEFAULTS.put("vapi.audio-format", "pcm_s16le");
        DEFAULTS.put("vapi.dtmf-message", io.trunkline.ws.vapi.VapiConfig.DEFAULT_DTMF_MESSAGE);
        DEFAULTS.put("vapi.request-timeout", "5s");
        DEFAULTS.put("vapi.end-call-message", io.trunkline.ws.vapi.VapiConfig.DEFAULT_END_CALL_MESSAGE);
        DEFAULTS.put("vapi.server-path", "");
        DEFAULTS.put("vapi.server-secret-env", "VAPI_SERVER_SECRET");
        DEFAULTS.put("transfer.mode", "refer");
        DEFAULTS.put("transfer.refer-to-format", "tel:{number}");
        DEFAULTS.put("transfer.referred-by", "");
        DEFAULTS.put("transfer.notify-timeout", "30s");
        DEFAULTS.put("transfer.bridge-fallback", "false");
        DEFAULTS.put("twiml.voice-url", "");
        DEFAULTS.put("twiml.method", "POST");
        DEFAULTS.put("twiml.fallback-url", "");
        DEFAULTS.put("twiml.timeout", "5s");
        DEFAULTS.put("twiml.auth-token-env", "");
        DEFAULTS.put("twiml.account-sid", "");
        DEFAULTS.put("twiml.failure-response", "503");
        DEFAULTS.put("twiml.status-callback", "");
        DEFAULTS.put("twiml.status-callback-method", "POST");
        DEFAULTS.put("twiml.trusted-callback-hosts", "");
        DEFAULTS.put("twiml.setup-timeout", "30s");
        DEFAULTS.put("calls.max-concurrent", "500");
        DEFAULTS.put("calls.answer-policy", "on-agent-ready");
        DEFAULTS.put("calls.agent-ready-timeout", "5s");
        DEFAULTS.put("calls.max-duration", "4h");
        DEFAULTS.put("calls.retry-after-seconds", "5");
        DEFAULTS.put("calls.drain-timeout", "30s");
        DEFAULTS.put("calls.early-audio-millis", "10000");
        DEFAULTS.put("calls.max-calls-per-second", "200");
        DEFAULTS.put("calls.calls-burst", "400");
        DEFAULTS.put("calls.max-loop-lag", "20ms");
        DEFAULTS.put("calls.session-expires", "30m");
        DEFAULTS.put("calls.session-min-expires", "90s");
        DEFAULTS.put("calls.warm-up", "2s");
        DEFAULTS.put("metrics.enabled", "true");
        DEFAULTS.put("metrics.bind-address", "127.0.0.1");
        DEFAULTS.put("metrics.port", "9464");
        DEFAULTS.put("metrics.recent-calls", "200");
        DEFAULTS.put("admin.enabled", "false");
        DEFAULTS.put("admin.token-env", "TRUNKLINE_ADMIN_TOKEN");
        DEFAULTS.put("api.token-env", "TRUNKLINE_ADMIN_TOKEN");
        DEFAULTS.put("api.allowed-sources", "");
        DEFAULTS.put("outbound.trunk", "");
        DEFAULTS.put("outbound.username-env", "OUTBOUND_SIP_USERNAME");
        DEFAULTS.put("outbound.password-env", "OUTBOUND_SIP_PASSWORD");
        DEFAULTS.put("outbound.from", "");
        DEFAULTS.put("outbound.max-calls-per-second", "1");
        DEFAULTS.put("outbound.queue-size", "50");
        DEFAULTS.put("outbound.allowed-prefixes", "");
        DEFAULTS.put("outbound.ring-timeout", "60s");
        DEFAULTS.put("outbound.transport", "udp");
        DEFAULTS.put("records.file", "records/calls.jsonl");
        DEFAULTS.put("records.max-file-mb", "100");
        DEFAULTS.put("records.max-files", "10");
        DEFAULTS.put("records.webhook-url", "");
        DEFAULTS.put("records.webhook-secret-env", "TRUNKLINE_WEBHOOK_SECRET");
        DEFAULTS.put("records.webhook-timeout", "5s");
        DEFAULTS.put("records.webhook-max-attempts", "5");
        DEFAULTS.put("records.webhook-queue", "10000");
        DEFAULTS.put("attribution.carrier-ack-ms", "1000");
        DEFAULTS.put("attribution.carrier-jitter-ms", "30");
        DEFAULTS.put("attribution.carrier-loss-percent", "2");
        DEFAULTS.put("attribution.carrier-rtt-ms", "400");
        DEFAULTS.put("attribution.gateway-processing-ms", "20");
        DEFAULTS.put("attribution.gateway-pacing-error-ms", "20");
        DEFAULTS.put("attribution.agent-connect-ms", "2000");
        DEFAULTS.put("attribution.agent-first-speech-ms", "3000");
        DEFAULTS.put("attribution.agent-turn-ms", "1500");
    }

    private ConfigKeys() {
    }

    /** {@code name=value,...}, the form {@code Settings.pairs} reads. */
    private static String pairs(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }

    /** {@code sip.max-message-bytes} → {@code TRUNKLINE_SIP_MAX_MESSAGE_BYTES}. */
    static String environmentName(String key) {
        return "TRUNKLINE_" + key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
