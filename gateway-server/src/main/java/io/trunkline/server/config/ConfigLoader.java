package io.trunkline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
        if (file != null) {
            readYaml(file, values);
        }
        ConfigKeys.DEFAULTS.keySet().forEach(key -> {
            String env = environment.get(ConfigKeys.environmentName(key));
            if (env != null) {
                values.put(key, env);
            }
        });
        return build(new Settings(values));
    }

    private static void readYaml(Path file, Map<String, String> values) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(file.toString(), "a YAML mapping of sections", root.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> sections = root.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!section.getValue().isObject()) {
                throw new ConfigException(section.getKey(), "a mapping of keys", section.getValue().getNodeType());
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = keys.next();
                String key = section.getKey() + "." + entry.getKey();
                if (!ConfigKeys.DEFAULTS.containsKey(key)) {
                    throw new ConfigException(key, "a known key (see config/gateway.yaml)", "unknown key");
                }
                values.put(key, text(entry.getValue()));
            }
        }
    }

    private static String text(JsonNode node) {
        if (node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            StringJoiner joined = new StringJoiner(",");
            node.forEach(item -> joined.add(item.asText()));
            return joined.toString();
        }
        return node.asText();
    }

    private static GatewayConfig build(Settings s) {
        SipConfig sip = new SipConfig(s.text("sip.bind-address"), s.integer("sip.port"),
                s.optionalText("sip.advertised-address"), s.list("sip.transports"), s.integer("sip.listener-threads"),
                s.integer("sip.max-message-bytes"), s.integer("sip.max-server-transactions"));
        RtpConfig rtp = new RtpConfig(s.text("rtp.bind-address"), s.optionalText("rtp.advertised-address"),
                s.integer("rtp.port-min"), s.integer("rtp.port-max"), s.bool("rtp.latching"),
                s.duration("rtp.inactivity-timeout"), s.integer("rtp.playout-queue-millis"),
                s.integer("rtp.io-threads"));
        AgentConfig agent = new AgentConfig(s.text("agent.kind"), s.optionalText("agent.url"),
                s.duration("agent.connect-timeout"), s.integer("agent.max-frame-bytes"));
        CallConfig calls = new CallConfig(s.integer("calls.max-concurrent"),
                s.enumValue("calls.answer-policy", AnswerPolicy.class), s.duration("calls.agent-ready-timeout"),
                s.duration("calls.max-duration"), s.integer("calls.retry-after-seconds"),
                s.duration("calls.drain-timeout"), s.integer("calls.early-audio-millis"));
        MetricsConfig metrics = new MetricsConfig(s.text("metrics.bind-address"), s.integer("metrics.port"));
        RecordsConfig records = new RecordsConfig(s.text("records.file"));
        return new GatewayConfig(sip, rtp, agent, calls, metrics, records);
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
