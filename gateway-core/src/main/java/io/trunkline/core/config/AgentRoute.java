package io.trunkline.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sends matching calls to another agent than the default. A route matches on the called number (the user part of
 * the To URI, e.g. {@code +15083728299}) and/or one header value (e.g. {@code X-Agent: sales}); every condition
 * given must hold.
 *
 * @param to          called number to match, or null
 * @param header      header name to match (case-insensitive), or null
 * @param headerValue the value that header must have
 * @param agent       the agent that answers matching calls
 */
public record AgentRoute(String to, String header, String headerValue, AgentConfig agent) {

    public AgentRoute {
        to = to == null || to.isBlank() ? null : to.trim();
        header = header == null || header.isBlank() ? null : header.trim();
        if (to == null && header == null) {
            throw new ConfigException("routes", "each route to match 'to' and/or 'header'", "a route with neither");
        }
        if (header != null && (headerValue == null || headerValue.isBlank())) {
            throw new ConfigException("routes", "a header route as 'Name=value'", header);
        }
        Objects.requireNonNull(agent, "agent");
    }

    /** Whether a call to {@code calledNumber} with these {@code headers} takes this route. */
    public boolean matches(String calledNumber, Map<String, String> headers) {
        if (to != null && !to.equals(calledNumber)) {
            return false;
        }
        if (header == null) {
            return true;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(header.toLowerCase(Locale.ROOT))) {
                return headerValue.equals(h.getValue());
            }
        }
        return false;
    }
}
