package io.trunkline.server.config;

import io.trunkline.core.config.GatewayConfig;
import io.trunkline.ws.twiml.TwimlConfig;
import io.trunkline.ws.vapi.VapiConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The configuration as the gateway will use it, keyed like the YAML file. */
final class EffectiveConfig {
    private EffectiveConfig() {
    }

    static Map<String, Object> flatten(GatewayConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sip.bind-address", c.sip().bindAddress());
        m.put("sip.port", c.sip().port());
        m.put("sip.advertised-address", c.sip().effectiveAdvertisedAddress());
        m.put("sip.transports", String.join(",", new java.util.TreeSet<>(c.sip().transports())));
        m.put("sip.tls-port", c.sip().tls().port());
        m.put("sip.tls-certificate", c.sip().tls().certificate()); // paths only: the key itself is never read here
        m.put("sip.tls-private-key", c.sip().tls().privateKey());
        m.put("sip.tls-reload-interval", human(c.sip().tls().reloadInterval()));
        m.put("sip.listener-threads", c.sip().listenerThreads());
        m.put("sip.max-message-bytes", c.sip().maxMessageBytes());
        m.put("sip.max-server-transactions", c.sip().maxServerTransactions());
        var access = c.sip().access();
        m.put("sip.allowlist", String.join(",", access.allowlist()));
        m.put("sip.on-denied", access.onDenied().name().toLowerCase(Locale.ROOT));
        m.put("sip.rate-limit-per-second", access.ratePerSecond());
        m.put("sip.rate-limit-burst", access.rateBurst());
        m.put("sip.rate-limit-sources", access.rateSources());
        m.put("sip.on-rate-limited", access.onRateLimited().name().toLowerCase(Locale.ROOT));
        m.put("sip.digest-enabled", access.digestEnabled());
        m.put("sip.digest-realm", access.digestRealm());
        m.put("sip.digest-username-env", access.digestUsernameEnv());
        m.put("sip.digest-password-env", access.digestPasswordEnv());
        m.put("sip.digest-nonce-ttl", human(access.digestNonceTtl()));
        m.put("rtp.bind-address", c.rtp().bindAddress());
        m.put("rtp.advertised-address", c.rtp().effectiveAdvertisedAddress());
        m.put("rtp.port-min", c.rtp().portMin());
        m.put("rtp.port-max", c.rtp().portMax());
        m.put("rtp.latching", c.rtp().latching());
        m.put("rtp.inactivity-timeout", human(c.rtp().inactivityTimeout()));
        m.put("rtp.playout-queue-millis", c.rtp().playoutQueueMillis());
        m.put("rtp.io-threads", c.rtp().ioThreads());
        m.put("rtp.srtp", c.rtp().srtp().configValue()); // the mode only: keys are per call, never configured
        m.put("rtp.realtime-priority", c.rtp().realtimePriority());
        m.put("agent.kind", c.agent().kind());
        m.put("agent.url", c.agent().url());
        m.put("agent.connect-timeout", human(c.agent().connectTimeout()));
        m.put("agent.max-frame-bytes", c.agent().maxFrameBytes());
        m.put("agent.sample-rate", c.agent().sampleRate());
        m.put("agent.on-disconnect", c.agent().onDisconnect().name().toLowerCase(Locale.ROOT));
        m.put("agent.reconnect-deadline", human(c.agent().reconnectDeadline()));
        m.put("agent.stall-timeout", human(c.agent().stallTimeout()));
        m.put("agent.fallback-uri", c.agent().fallbackUri());
        m.put("agent.custom-parameters", c.agent().customParameters());
        m.put("agent.twilio-auth-token-env", c.agent().twilioAuthTokenEnv() == null ? ""
                : c.agent().twilioAuthTokenEnv());
        VapiConfig vapi = c.agent().option(VapiConfig.class).orElse(VapiConfig.DEFAULTS);
        m.put("vapi.base-url", vapi.baseUrl());
        m.put("vapi.api-key-env", vapi.apiKeyEnv());
        m.put("vapi.assistant-id", vapi.assistantId());
        m.put("vapi.assistant-file", vapi.assistantFile());
        m.put("vapi.audio-format", vapi.audioFormat());
        m.put("vapi.dtmf-message", vapi.dtmfMessage());
        m.put("vapi.request-timeout", human(vapi.requestTimeout()));
        m.put("vapi.end-call-message", vapi.endCallMessage());
        m.put("vapi.server-path", c.vapiServer().path());
        m.put("vapi.server-secret-env", c.vapiServer().secretEnv());
        m.put("transfer.mode", c.transfer().mode().name().toLowerCase(Locale.ROOT));
        m.put("transfer.refer-to-format", c.transfer().referToFormat());
        m.put("transfer.referred-by", c.transfer().referredBy() == null ? "" : c.transfer().referredBy());
        m.put("transfer.notify-timeout", human(c.transfer().notifyTimeout()));
        m.put("transfer.bridge-fallback", c.transfer().bridgeFallback());
        TwimlConfig twiml = c.agent().option(TwimlConfig.class).orElse(TwimlConfig.DEFAULTS);
        m.put("twiml.voice-url", twiml.voiceUrl());
        m.put("twiml.method", twiml.method());
        m.put("twiml.fallback-url", twiml.fallbackUrl());
        m.put("twiml.timeout", human(twiml.timeout()));
        m.put("twiml.auth-token-env", twiml.authTokenEnv());
        m.put("twiml.account-sid", twiml.accountSid());
        m.put("twiml.failure-response", twiml.failureResponse());
        m.put("twiml.status-callback", twiml.statusCallback());
        m.put("twiml.status-callback-method", twiml.statusCallbackMethod());
        m.put("twiml.trusted-callback-hosts", String.join(",", twiml.trustedCallbackHosts()));
        m.put("twiml.setup-timeout", human(twiml.setupTimeout()));
        m.put("calls.max-concurrent", c.calls().maxConcurrentCalls());
        m.put("calls.answer-policy", c.calls().answerPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("calls.agent-ready-timeout", human(c.calls().agentReadyTimeout()));
        m.put("calls.max-duration", human(c.calls().maxDuration()));
        m.put("calls.retry-after-seconds", c.calls().retryAfterSeconds());
        m.put("calls.drain-timeout", human(c.calls().drainTimeout()));
        m.put("calls.early-audio-millis", c.calls().earlyAudioMillis());
        m.put("calls.max-calls-per-second", c.calls().maxCallsPerSecond());
        m.put("calls.calls-burst", c.calls().callsBurst());
        m.put("calls.max-loop-lag", human(c.calls().maxLoopLag()));
        m.put("calls.session-expires", human(c.calls().sessionExpires()));
        m.put("calls.session-min-expires", human(c.calls().sessionMinExpires()));
        m.put("calls.warm-up", human(c.calls().warmUp()));
        m.put("metrics.enabled", c.metrics().enabled());
        m.put("metrics.bind-address", c.metrics().bindAddress());
        m.put("metrics.port", c.metrics().port());
        m.put("metrics.recent-calls", c.metrics().recentCalls());
        m.put("admin.enabled", c.admin().enabled());
        m.put("admin.token-env", c.admin().tokenEnv());
        m.put("api.token-env", c.api().tokenEnv());
        m.put("api.allowed-sources", String.join(",", c.api().allowedSources()));
        var o = c.outbound();
        m.put("outbound.trunk", o.trunk());
        m.put("outbound.username-env", o.usernameEnv());
        m.put("outbound.password-env", o.passwordEnv());
        m.put("outbound.from", o.from());
        m.put("outbound.max-calls-per-second", o.maxCallsPerSecond());
        m.put("outbound.queue-size", o.queueSize());
        m.put("outbound.allowed-prefixes", String.join(",", o.allowedPrefixes()));
        m.put("outbound.ring-timeout", human(o.ringTimeout()));
        m.put("outbound.transport", o.transport());
        m.put("records.file", c.records().file());
        m.put("records.max-file-mb", c.records().maxFileMb());
        m.put("records.max-files", c.records().maxFiles());
        m.put("records.webhook-url", c.records().webhookUrl());
        m.put("records.webhook-secret-env", c.records().webhookSecretEnv());
        m.put("records.webhook-timeout", human(c.records().webhookTimeout()));
        m.put("records.webhook-max-attempts", c.records().webhookMaxAttempts());
        m.put("records.webhook-queue", c.records().webhookQueue());
        var a = c.records().attribution();
        m.put("attribution.carrier-ack-ms", number(a.carrierAckMs()));
        m.put("attribution.carrier-jitter-ms", number(a.carrierJitterMs()));
        m.put("attribution.carrier-loss-percent", number(a.carrierLossPercent()));
        m.put("attribution.carrier-rtt-ms", number(a.carrierRttMs()));
        m.put("attribution.gateway-processing-ms", number(a.gatewayProcessingMs()));
        m.put("attribution.gateway-pacing-error-ms", number(a.gatewayPacingErrorMs()));
        m.put("attribution.agent-connect-ms", number(a.agentConnectMs()));
        m.put("attribution.agent-first-speech-ms", number(a.agentFirstSpeechMs()));
        m.put("attribution.agent-turn-ms", number(a.agentTurnMs()));
        for (int i = 0; i < c.routes().size(); i++) {
            var r = c.routes().get(i);
            m.put("routes[" + i + "]", (r.to() == null ? "" : "to=" + r.to() + " ")
                    + (r.header() == null ? "" : "header=" + r.header() + "=" + r.headerValue() + " ")
                    + "-> " + r.agent().kind());
        }
        return m;
    }

    /** 30 rather than 30.0: the same form the file takes. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** 30s, 500ms, 4h: the same form the file takes. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
