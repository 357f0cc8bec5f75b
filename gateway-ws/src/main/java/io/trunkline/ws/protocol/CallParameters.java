package io.trunkline.ws.protocol;

import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.config.ParameterTemplate;
import io.trunkline.core.record.CallParties;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters an agent is told about each call ({@code agent.custom-parameters}): the call's {@code X-} headers,
 * then the configured parameters with their placeholders filled in (a configured name wins over a header of the
 * same name: the operator decides what the agent sees). Twilio-format agents get them as the start message's
 * {@code customParameters}, Vapi as {@code assistantOverrides}. Immutable, shared by all calls of a connector.
 */
public final class CallParameters {

    private final Map<String, ParameterTemplate> templates = new LinkedHashMap<>();

    /** Parses every configured value; an unknown placeholder is a configuration error naming the key. */
    public CallParameters(Map<String, String> configured) {
        configured.forEach((name, value) -> templates.put(name, ParameterTemplate.parse("agent.custom-parameters",
                value)));
    }

    /**
     * The parameters for one call, in order: headers first, then the configured ones. A SID the call does not have
     * renders as an empty string.
     */
    public Map<String, String> render(AgentSession session, String callSid, String accountSid) {
        CallParties parties = session.parties();
        Map<String, String> headers = new LinkedHashMap<>(parties.customHeaders());
        // The trunk's SIDs are kept apart from the other X- headers, yet a template may name them as headers too.
        if (parties.twilioCallSid() != null) {
            headers.put("X-Twilio-CallSid", parties.twilioCallSid());
        }
        if (parties.twilioAccountSid() != null) {
            headers.put("X-Twilio-AccountSid", parties.twilioAccountSid());
        }
        Map<String, String> facts = new HashMap<>();
        facts.put("from", ParameterTemplate.userPart(parties.from()));
        facts.put("to", ParameterTemplate.userPart(parties.to()));
        facts.put("callSid", callSid == null ? "" : callSid);
        facts.put("accountSid", accountSid == null ? "" : accountSid);
        facts.put("callId", session.callId());
        Map<String, String> params = new LinkedHashMap<>(parties.customHeaders());
        templates.forEach((name, template) -> params.put(name, template.render(facts, headers)));
        return Collections.unmodifiableMap(params);
    }
}
