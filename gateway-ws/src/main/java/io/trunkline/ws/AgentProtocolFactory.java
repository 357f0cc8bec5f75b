package io.trunkline.ws;

import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;

/** Creates the {@link AgentProtocol} of one call. Called on the call's loop before the connection is opened. */
@FunctionalInterface
public interface AgentProtocolFactory {

    /**
     * @param session what the agent is told about the call
     * @param wire    where the protocol writes its messages
     * @param events  where the protocol reports what the agent said; readiness and terminal events are guarded by
     *                the transport (at most once, never after the leg ended)
     */
    AgentProtocol create(AgentSession session, AgentWire wire, AgentListener events);
}
