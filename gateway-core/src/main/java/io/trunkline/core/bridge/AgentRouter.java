package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.record.CallParties;

/** Chooses the agent that answers a call. Called on SIP listener threads: must be cheap and never block. */
@FunctionalInterface
public interface AgentRouter {

    RoutedAgent route(CallParties parties);

    /**
     * The agent of the route named {@code name} (its {@code to} number, or its {@code Header=value}), for an outbound
     * call that names one; null when no route has that name.
     */
    default RoutedAgent named(String name) {
        return null;
    }

    /** The agent of calls no route matches: the one that takes outbound calls naming no route. */
    default RoutedAgent defaultAgent() {
        return route(new CallParties(null, null, null, null, null, null, null, null));
    }

    /** The connector for a call and the configuration that governs its failures (fallback, reconnect). */
    record RoutedAgent(AgentConnector connector, AgentConfig config) {
    }

    /** Every call to one agent. */
    static AgentRouter single(AgentConnector connector, AgentConfig config) {
        RoutedAgent only = new RoutedAgent(connector, config);
        return parties -> only;
    }
}
