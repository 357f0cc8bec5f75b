package io.trunkline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trunkline.core.config.AdminConfig;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentOptions;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.ApiConfig;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.config.SipTlsConfig;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.config.VapiServerConfig;
import io.trunkline.ws.twiml.TwimlConfig;
import io.trunkline.ws.vapi.VapiConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds the {@link GatewayConfig} from built-in defaults, then a YAML file (optional), then environment variables
 * ({@code TRUNKLINE_SIP_PORT} for {@code sip.port}, see {@link ConfigKeys}). Unknown keys and bad values fail with
 * a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Loads {@code file} (null = defaults only) and applies the environment. */
    public GatewayConfig load(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(ConfigKeys.DEFAULTS);
        JsonNode routes = file == null ? null : readYaml(file, values);
        ConfigKeys.DEFAULTS.keySet().forEach(key -> {
            String env = environment.get(ConfigKeys.environmentName(key));
            if (env != null) {
                values.put(key, env);
            }
        });
        Settings settings = new Settings(values);
        return build(settings, routes(routes, values));
    }

    /** Reads the sections into {@code values}; returns the {@code routes} list (or null). */
    private static JsonNode readYaml(Path file, Map<String, String> values) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new ConfigException(file.toString(), "a YAML mapping of sections", root.getNodeType());
        }
        JsonNode routes = null;
        for (Iterator<Map.Entry<String, JsonNode>> sections = root.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (section.getKey().equals("routes")) {
                routes = section.getValue();
            } else {
                readSection(section.getKey(), section.getKey(), section.getValue(), values);
            }
        }
        return routes;
    }

    /** Copies the keys of one YAML section into {@code values}; {@code where} names it in errors. */
    private static void readSection(String section, String where, JsonNode node, Map<String, String> values) {
        if (!node.isObject()) {
            throw new ConfigException(where, "a mapping of keys", node.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> keys = node.fields(); keys.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = keys.next();
            String key = section + "." + entry.getKey();
            if (!ConfigKeys.DEFAULTS.containsKey(key)) {
                throw new ConfigException(where + "." + entry.getKey(), "a known key (see config/gateway.yaml)",
                        "unknown key");
            }
            values.put(key, text(where + "." + entry.getKey(), entry.getValue()));
        }
    }

    /**
     * Each route: {@code to} and/or {@code header: Name=value}, and the agent that answers, written like the
     * {@code agent} (and {@code vapi}) sections; what it leaves out comes from the default agent.
     */
    private static List<AgentRoute> routes(JsonNode routes, Map<String, String> defaults) {
        if (routes == null || routes.isNull()) {
            return List.of();
        }
        if (!routes.isArray()) {
            throw new ConfigException("routes", "a list of routes", routes.getNodeType());
        }
        List<AgentRoute> list = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            String where = "routes[" + i + "]";
            JsonNode route = routes.get(i);
            if (!route.isObject()) {
                throw new ConfigException(where, "a mapping with to/header and agent", route.getNodeType());
            }
            Map<String, String> values = new LinkedHashMap<>(defaults);
            String to = null;
            String header = null;
            String headerValue = null;
            for (Iterator<Map.Entry<String, JsonNode>> fields = route.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                switch (field.getKey()) {
                    case "to" -> to = field.getValue().asText();
                    case "header" -> {
                        String[] nameValue = field.getValue().asText().split("=", 2);
                        if (nameValue.length != 2) {
                            throw new ConfigException(where + ".header", "Name=value", field.getValue().asText());
                        }
                        header = nameValue[0].trim();
                        headerValue = nameValue[1].trim();
                    }
                    default -> {
                        if (!ConfigKeys.ROUTE_SECTIONS.contains(field.getKey())) {
                            throw new ConfigException(where + "." + field.getKey(), "to, header, agent or vapi",
                                    "unknown key");
                        }
                        readSection(field.getKey(), where + "." + field.getKey(), field.getValue(), values);
                    }
                }
            }
            list.add(new AgentRoute(to, header, headerValue, agent(new Settings(values))));
        }
        return list;
    }

    private static String text(String where, JsonNode node) {
        if (node.isNull()) {
            return "";
        }
        if (node.isObject()) {
            StringJoiner pairs = new StringJoiner(",");
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isContainerNode()) {
                    // An unquoted {from} is a YAML mapping, not text.
                    throw new ConfigException(where + "." + e.getKey(), "a text value (quote placeholders: \"{from}\")",
                            e.getValue());
                }
                pairs.add(e.getKey() + "=" + e.getValue().asText());
            });
            return pairs.toString();
        }
        if (node.isArray()) {
            StringJoiner joined = new StringJoiner(",");
            node.forEach(item -> joined.add(item.asText()));
            return joined.toString();
        }
        return node.asText();
    }

    /** The agent section, with the sections only an adapter reads ({@code vapi}) carried as its options. */
    private static AgentConfig agent(Settings s) {
        VapiConfig vapi = new VapiConfig(s.text("vapi.base-url"), s.text("vapi.api-key-env"),
                s.text("vapi.assistant-id"), s.text("vapi.assistant-file"), s.text("vapi.audio-format"),
                s.text("vapi.dtmf-message"), s.duration("vapi.request-timeout"), s.text("vapi.end-call-message"));
        // A section left at its defaults is carried only where it is used: the model's defaults have none.
        List<AgentOptions> options = new ArrayList<>();
        if (s.text("agent.kind").equals("vapi") || !vapi.equals(VapiConfig.DEFAULTS)) {
            options.add(vapi);
        }
        TwimlConfig twiml = new TwimlConfig(s.text("twiml.voice-url"), s.text("twiml.method"),
                s.text("twiml.fallback-url"), s.duration("twiml.timeout"), s.text("twiml.auth-token-env"),
                s.text("twiml.account-sid"), s.integer("twiml.failure-response"), s.text("twiml.status-callback"),
                s.text("twiml.status-callback-method"), new ArrayList<>(s.list("twiml.trusted-callback-hosts")),
                s.duration("twiml.setup-timeout"));
        if (s.text("agent.kind").equals("twiml") || !twiml.equals(TwimlConfig.DEFAULTS)) {
            options.add(twiml);
        }
        return new AgentConfig(s.text("agent.kind"), s.optionalText("agent.url"),
                s.duration("agent.connect-timeout"), s.integer("agent.max-frame-bytes"), s.integer("agent.sample-rate"),
                s.enumValue("agent.on-disconnect", DisconnectPolicy.class), s.duration("agent.reconnect-deadline"),
                s.duration("agent.stall-timeout"), s.optionalText("agent.fallback-uri"),
                s.pairs("agent.custom-parameters"), options, s.optionalText("agent.twilio-auth-token-env"));
    }

    private static AttributionThresholds attribution(Settings s) {
        return new AttributionThresholds(s.decimal("attribution.carrier-ack-ms"),
                s.decimal("attribution.carrier-jitter-ms"), s.decimal("attribution.carrier-loss-percent"),
                s.decimal("attribution.carrier-rtt-ms"), s.decimal("attribution.gateway-processing-ms"),
                s.decimal("attribution.gateway-pacing-error-ms"), s.decimal("attribution.agent-connect-ms"),
                s.decimal("attribution.agent-first-speech-ms"), s.decimal("attribution.agent-turn-ms"));
    }

    private static SipAccessConfig sipAccess(Settings s) {
        return new SipAccessConfig(new ArrayList<>(s.list("sip.allowlist")),
                s.enumValue("sip.on-denied", RefusalAction.class), s.integer("sip.rate-limit-per-second"),
                s.integer("sip.rate-limit-burst"), s.integer("sip.rate-limit-sources"),
                s.enumValue("sip.on-rate-limited", RefusalAction.class), s.bool("sip.digest-enabled"),
                s.text("sip.digest-realm"), s.text("sip.digest-username-env"), s.text("sip.digest-password-env"),
                s.duration("sip.digest-nonce-ttl"));
    }

    private static SipTlsConfig sipTls(Settings s) {
        return new SipTlsConfig(s.integer("sip.tls-port"), s.text("sip.tls-certificate"),
                s.text("sip.tls-private-key"), s.duration("sip.tls-reload-interval"));
    }

    private static GatewayConfig build(Settings s, List<AgentRoute> routes) {
        SipConfig sip = new SipConfig(s.text("sip.bind-address"), s.integer("sip.port"),
                s.optionalText("sip.advertised-address"), s.list("sip.transports"), s.integer("sip.listener-threads"),
                s.integer("sip.max-message-bytes"), s.integer("sip.max-server-transactions"), sipAccess(s),
                sipTls(s));
        RtpConfig rtp = new RtpConfig(s.text("rtp.bind-address"), s.optionalText("rtp.advertised-address"),
                s.integer("rtp.port-min"), s.integer("rtp.port-max"), s.bool("rtp.latching"),
                s.duration("rtp.inactivity-timeout"), s.integer("rtp.playout-queue-millis"),
                s.integer("rtp.io-threads"), s.enumValue("rtp.srtp", SrtpMode.class),
                s.integer("rtp.realtime-priority"));
        AgentConfig agent = agent(s);
        CallConfig calls = new CallConfig(s.integer("calls.max-concurrent"),
                s.enumValue("calls.answer-policy", AnswerPolicy.class), s.duration("calls.agent-ready-timeout"),
                s.duration("calls.max-duration"), s.integer("calls.retry-after-seconds"),
                s.duration("calls.drain-timeout"), s.integer("calls.early-audio-millis"),
                s.integer("calls.max-calls-per-second"), s.integer("calls.calls-burst"),
                s.duration("calls.max-loop-lag"), s.duration("calls.session-expires"),
                s.duration("calls.session-min-expires"), s.duration("calls.warm-up"));
        MetricsConfig metrics = new MetricsConfig(s.text("metrics.bind-address"), s.integer("metrics.port"),
                s.bool("metrics.enabled"), s.integer("metrics.recent-calls"));
        RecordsConfig records = new RecordsConfig(s.text("records.file"), s.integer("records.max-file-mb"),
                s.integer("records.max-files"), s.text("records.webhook-url"), s.text("records.webhook-secret-env"),
                s.duration("records.webhook-timeout"), s.integer("records.webhook-max-attempts"),
                s.integer("records.webhook-queue"), attribution(s));
        AdminConfig admin = new AdminConfig(s.bool("admin.enabled"), s.text("admin.token-env"));
        ApiConfig api = new ApiConfig(s.text("api.token-env"), new ArrayList<>(s.list("api.allowed-sources")));
        TransferConfig transfer = new TransferConfig(s.enumValue("transfer.mode", TransferMode.class),
                s.text("transfer.refer-to-format"), s.optionalText("transfer.referred-by"),
                s.duration("transfer.notify-timeout"), s.bool("transfer.bridge-fallback"));
        VapiServerConfig vapiServer = new VapiServerConfig(s.text("vapi.server-path"),
                s.text("vapi.server-secret-env"));
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records, routes, admin, api, transfer,
                vapiServer, outbound(s));
    }

    private static OutboundConfig outbound(Settings s) {
        List<String> prefixes = new ArrayList<>();
        for (String prefix : s.text("outbound.allowed-prefixes").split(",")) {
            if (!prefix.isBlank()) {
                prefixes.add(prefix.trim());
            }
        }
        return new OutboundConfig(s.text("outbound.trunk"), s.text("outbound.username-env"),
                s.text("outbound.password-env"), s.text("outbound.from"), s.integer("outbound.max-calls-per-second"),
                s.integer("outbound.queue-size"), prefixes, s.duration("outbound.ring-timeout"),
                s.text("outbound.transport"));
    }

    /** The effective values keyed like the file, secrets masked (for {@code GET /admin/config}). */
    public static Map<String, Object> effective(GatewayConfig config) {
        Map<String, Object> flat = new LinkedHashMap<>(EffectiveConfig.flatten(config));
        flat.replaceAll((key, value) -> ConfigKeys.SECRETS.contains(key) ? Secrets.mask(String.valueOf(value)) : value);
        return flat;
    }

    /** The effective values as {@code key = value} lines, secrets masked, for the start-up log. */
    public static String describe(GatewayConfig config) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> flat = EffectiveConfig.flatten(config);
        flat.forEach((key, value) -> out.append("  ").append(key).append(" = ")
                .append(ConfigKeys.SECRETS.contains(key) ? Secrets.mask(String.valueOf(value)) : value)
                .append('\n'));
        return out.toString();
    }
}
