package io.trunkline.core.control;

import java.util.Map;
import java.util.Objects;

/**
 * A request to place a call through the termination trunk.
 *
 * @param to       the callee, E.164 ({@code +15550001111})
 * @param from     the caller ID to present, or null for the configured default
 * @param route    the name of the route whose agent takes the call, or null for the configured agent
 * @param metadata free key/value pairs handed to the agent and kept in the record; never null
 */
public record OutboundRequest(String to, String from, String route, Map<String, String> metadata) {
    public OutboundRequest {
        Objects.requireNonNull(to, "to");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
