package io.trunkline.core.agent;

import io.trunkline.core.call.CallDirection;
import io.trunkline.core.record.CallParties;
import java.util.Objects;

/**
 * What an agent is told about a new call.
 *
 * @param callId    the gateway's call id
 * @param parties   caller, called number and carrier headers; {@code customHeaders} are the call's metadata
 * @param direction inbound (the customer is the caller, From) or outbound (the customer is the callee, To)
 */
public record AgentSession(String callId, CallParties parties, CallDirection direction) {
    public AgentSession {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(parties, "parties");
        Objects.requireNonNull(direction, "direction");
    }

    /** An inbound call's session. */
    public AgentSession(String callId, CallParties parties) {
        this(callId, parties, CallDirection.INBOUND);
    }
}
