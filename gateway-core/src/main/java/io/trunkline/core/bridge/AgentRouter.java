package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.record.CallParties;

/** Chooses the agent that answers a call. Called on SIP listener threads: must be cheap and never block. */
@FunctionalInterface
public interface AgentRouter {

    RoutedAgent route(CallParties parties);

    /** The connector for a call and the configuration that governs its failures (fallback, reconnect). */
    record RoutedAgent(AgentConnector connector, AgentConfig config) {
    }

    /** Every call to one agent. */
    static AgentRouter single(AgentConnector connector, AgentConfig config) {
        RoutedAgent only = new RoutedAgent(connector, config);
        return parties -> only;
    }
}
