package io.trunkline.core.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which agent answers calls and how to reach it.
 *
 * @param kind              {@code demo} (embedded, default), {@code raw}, {@code vapi}, {@code twilio-stream},
 *                          {@code twiml} (the application's voice URL decides, per call)
 * @param url               WebSocket URL of a {@code raw} or {@code twilio-stream} agent (a secret: may carry tokens)
 * @param connectTimeout    WebSocket connect and handshake timeout
 * @param maxFrameBytes     larger frames from the agent are a protocol error (close 1009)
 * @param sampleRate        {@code raw} agents: PCM16 at 8000 or 16000 Hz
 * @param onDisconnect      what an answered call does when the agent connection is lost
 * @param reconnectDeadline with {@link DisconnectPolicy#RECONNECT}: how long the one reconnect may take
 * @param stallTimeout      an agent that stops reading for this long is disconnected (audio meanwhile is dropped
 *                          and counted)
 * @param fallbackUri       when set, an agent failure before answer redirects the caller here ({@code 302})
 *                          instead of {@code 503}
 * @param customParameters  {@code twilio-stream}: {@code customParameters} of the start message, name to value; values
 *                          may hold placeholders for the call's facts ({@link ParameterTemplate}); null means
 *                          {@link #DEFAULT_CUSTOM_PARAMETERS}, an empty map none; kept in the given order
 * @param options           sections of the configuration that one platform's adapter reads (the {@code vapi}
 *                          section's settings, for instance), at most one of each type; each is checked against
 *                          {@code kind}
 * @param twilioAuthTokenEnv {@code twilio-stream}: the environment variable holding the Twilio auth token that signs
 *                          the WebSocket upgrade ({@code X-Twilio-Signature}), or null for no signature
 */
public record AgentConfig(
        String kind,
        String url,
        Duration connectTimeout,
        int maxFrameBytes,
        int sampleRate,
        DisconnectPolicy onDisconnect,
        Duration reconnectDeadline,
        Duration stallTimeout,
        String fallbackUri,
        Map<String, String> customParameters,
        List<AgentOptions> options,
        String twilioAuthTokenEnv) {

    public static final Set<String> KINDS = Set.of("demo", "raw", "vapi", "twilio-stream", "twiml");

    /**
     * What a {@code twilio-stream} agent gets when nothing is configured: the caller's and the called number, under
     * the names Pipecat's Twilio runner reads ({@code from_number}, {@code to_number}).
     */
    public static final Map<String, String> DEFAULT_CUSTOM_PARAMETERS = ordered(Map.entry("from_number", "{from}"),
            Map.entry("to_number", "{to}"));

    public static final AgentConfig DEFAULTS = new AgentConfig("demo", null, Duration.ofSeconds(5), 1 << 20, 16000,
            DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, null, List.of(), null);

    public AgentConfig {
        if (kind == null || !KINDS.contains(kind)) {
            throw new ConfigException("agent.kind", "one of demo, raw, vapi, twilio-stream, twiml", kind);
        }
        if (kind.equals("raw") || kind.equals("twilio-stream")) {
            Check.notBlank("agent.url", url);
            if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                throw new ConfigException("agent.url", "a ws:// or wss:// URL", "<redacted>");
            }
        }
        Check.positive("agent.connect-timeout", connectTimeout);
        Check.range("agent.max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new ConfigException("agent.sample-rate", "8000 or 16000", sampleRate);
        }
        Objects.requireNonNull(onDisconnect, "onDisconnect");
        Check.positive("agent.reconnect-deadline", reconnectDeadline);
        Check.positive("agent.stall-timeout", stallTimeout);
        fallbackUri = fallbackUri == null || fallbackUri.isBlank() ? null : fallbackUri.trim();
        if (fallbackUri != null && !fallbackUri.startsWith("sip:") && !fallbackUri.startsWith("sips:")) {
            throw new ConfigException("agent.fallback-uri", "a sip: or sips: URI", fallbackUri);
        }
        customParameters = customParameters(customParameters);
        options = options == null ? List.of() : List.copyOf(options);
        if (options.stream().map(Object::getClass).distinct().count() != options.size()) {
            throw new IllegalArgumentException("at most one options section of each type");
        }
        for (AgentOptions section : options) {
            section.checkFor(kind);
        }
        twilioAuthTokenEnv = twilioAuthTokenEnv == null || twilioAuthTokenEnv.isBlank() ? null
                : twilioAuthTokenEnv.trim();
    }

    /** An agent whose WebSocket upgrade is not signed. */
    public AgentConfig(String kind, String url, Duration connectTimeout, int maxFrameBytes, int sampleRate,
            DisconnectPolicy onDisconnect, Duration reconnectDeadline, Duration stallTimeout, String fallbackUri,
            Map<String, String> customParameters, List<AgentOptions> options) {
        this(kind, url, connectTimeout, maxFrameBytes, sampleRate, onDisconnect, reconnectDeadline, stallTimeout,
                fallbackUri, customParameters, options, null);
    }

    /** An agent with default settings beyond the essentials. */
    public AgentConfig(String kind, String url, Duration connectTimeout, int maxFrameBytes) {
        this(kind, url, connectTimeout, maxFrameBytes, DEFAULTS_SAMPLE_RATE, DisconnectPolicy.HANGUP,
                Duration.ofSeconds(3), Duration.ofSeconds(2), null, null, List.of(), null);
    }

    /** The options section of {@code type}, when the configuration has one. */
    public <T extends AgentOptions> Optional<T> option(Class<T> type) {
        return options.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Validates names and placeholders; keeps the order. */
    private static Map<String, String> customParameters(Map<String, String> configured) {
        if (configured == null) {
            return DEFAULT_CUSTOM_PARAMETERS;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        configured.forEach((name, value) -> {
            if (name == null || name.isBlank() || value == null) {
                throw new ConfigException("agent.custom-parameters", "name=value pairs", name + "=" + value);
            }
            ParameterTemplate.parse("agent.custom-parameters", value);
            copy.put(name.trim(), value);
        });
        return Collections.unmodifiableMap(copy);
    }

    @SafeVarargs
    private static Map<String, String> ordered(Map.Entry<String, String>... entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(map);
    }

    private static final int DEFAULTS_SAMPLE_RATE = 16000;
}
