package io.trunkline.core.observe;

import java.util.OptionalLong;

/**
 * Optional interface of an {@link io.trunkline.core.agent.AgentLeg} whose connection has distinct phases, such as
 * Vapi's REST call creation followed by the WebSocket connect. When the leg implements it, the bridge reads it
 * once the leg is ready and reports both phases in the call record ({@code agent.connectRestMs},
 * {@code agent.connectWebSocketMs}) and in the {@code gateway.agent.connect} timer ({@code phase} tag {@code rest}
 * and {@code websocket}); otherwise only the total is known.
 */
public interface AgentConnectPhases {

    /** Nanoseconds the platform's REST call took (creating the call); empty when there was none. */
    OptionalLong restNanos();

    /** Nanoseconds from starting the WebSocket connect to the handshake completing; empty when unknown. */
    OptionalLong webSocketNanos();
}
