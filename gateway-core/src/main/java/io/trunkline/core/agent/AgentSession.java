package io.trunkline.core.agent;

import io.trunkline.core.record.CallParties;
import java.util.Objects;

/**
 * What an agent is told about a new call.
 *
 * @param callId  the gateway's call id
 * @param parties caller, called number and carrier headers; {@code customHeaders} are the call's metadata
 */
public record AgentSession(String callId, CallParties parties) {
    public AgentSession {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(parties, "parties");
    }
}
