package io.trunkline.core.config;

import java.time.Duration;
import java.util.Set;

/**
 * Which agent answers calls and how to reach it.
 *
 * @param kind           {@code demo} (embedded, default), later {@code vapi}, {@code twilio-stream}, {@code raw}
 * @param url            WebSocket URL of the agent; unused for {@code demo}
 * @param connectTimeout WebSocket connect (and handshake) timeout
 * @param maxFrameBytes  larger frames from the agent are a protocol error
 */
public record AgentConfig(String kind, String url, Duration connectTimeout, int maxFrameBytes) {

    public static final Set<String> KINDS = Set.of("demo", "raw");

    public static final AgentConfig DEFAULTS = new AgentConfig("demo", null, Duration.ofSeconds(5), 1 << 20);

    public AgentConfig {
        if (kind == null || !KINDS.contains(kind)) {
            throw new ConfigException("agent.kind", "one of " + KINDS, kind);
        }
        if (!kind.equals("demo")) {
            Check.notBlank("agent.url", url);
            if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                throw new ConfigException("agent.url", "a ws:// or wss:// URL", "<redacted>");
            }
        }
        Check.positive("agent.connect-timeout", connectTimeout);
        Check.range("agent.max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
    }
}
