package io.trunkline.core.agent;

import java.util.OptionalLong;

/**
 * How long the phases of an agent connection took, when the connection has distinct phases (such as Vapi's REST
 * call creation followed by the WebSocket connect). The call record reports them ({@code agent.connectRestMs},
 * {@code agent.connectWebSocketMs}) beside the total; an empty phase was not measured.
 *
 * @param restNanos      nanoseconds the platform's REST call took (creating the call); empty when there was none
 * @param webSocketNanos nanoseconds from starting the WebSocket connect to the handshake completing; empty when
 *                       unknown
 */
public record ConnectPhases(OptionalLong restNanos, OptionalLong webSocketNanos) {

    /** Nothing measured: only the total connect time is known. */
    public static final ConnectPhases UNKNOWN = new ConnectPhases(OptionalLong.empty(), OptionalLong.empty());

    public ConnectPhases {
        java.util.Objects.requireNonNull(restNanos, "restNanos");
        java.util.Objects.requireNonNull(webSocketNanos, "webSocketNanos");
    }
}
