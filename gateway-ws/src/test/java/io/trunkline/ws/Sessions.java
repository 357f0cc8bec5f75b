package io.trunkline.ws;

import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.record.CallParties;
import java.util.Map;

/** Sample call sessions for tests. */
public final class Sessions {
    private Sessions() {
    }

    public static AgentSession sample(String callId) {
        return new AgentSession(callId, new CallParties("sip-1@host", "sip:+15550001111@carrier",
                "sip:+15550002222@gateway", "CA123", "AC456", null, null, Map.of("X-Tenant", "acme")));
    }
}
