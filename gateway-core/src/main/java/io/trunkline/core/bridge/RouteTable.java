package io.trunkline.core.bridge;

import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.record.CallParties;
import java.util.List;
import java.util.Map;

/**
 * Routes by the configured {@link AgentRoute}s in order, first match wins; calls no route matches go to the
 * default agent.
 */
public final class RouteTable implements AgentRouter {

    /** A route with the agent it leads to. */
    public record Entry(AgentRoute route, RoutedAgent agent) {
    }

    private final List<Entry> entries;
    private final RoutedAgent defaultAgent;

    public RouteTable(List<Entry> entries, RoutedAgent defaultAgent) {
        this.entries = List.copyOf(entries);
        this.defaultAgent = defaultAgent;
    }

    @Override
    public RoutedAgent route(CallParties parties) {
        if (entries.isEmpty()) {
            return defaultAgent;
        }
        String called = calledNumber(parties.to());
        Map<String, String> headers = parties.customHeaders();
        for (Entry entry : entries) {
            if (entry.route().matches(called, headers)) {
                return entry.agent();
            }
        }
        return defaultAgent;
    }

    @Override
    public RoutedAgent named(String name) {
        for (Entry entry : entries) {
            AgentRoute route = entry.route();
            if (name.equals(route.to())
                    || route.header() != null && name.equalsIgnoreCase(route.header() + "=" + route.headerValue())) {
                return entry.agent();
            }
        }
        return null;
    }

    @Override
    public RoutedAgent defaultAgent() {
        return defaultAgent;
    }

    /** The user part of a SIP URI: {@code <sip:+15083728299@gw.example.com;x=y>} → {@code +15083728299}. */
    static String calledNumber(String uri) {
        if (uri == null) {
            return "";
        }
        String s = uri.trim();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && (s.startsWith("sip:") || s.startsWith("sips:") || s.startsWith("tel:"))) {
            s = s.substring(colon + 1);
        }
        int end = s.length();
        for (char stop : new char[] {'@', ';', '>', '?'}) {
            int i = s.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return s.substring(0, end);
    }
}
