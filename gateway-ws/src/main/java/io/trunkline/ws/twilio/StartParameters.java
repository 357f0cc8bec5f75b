package io.trunkline.ws.twilio;

import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.config.ParameterTemplate;
import io.trunkline.core.record.CallParties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code customParameters} of each call's {@code start} message: the call's {@code X-} headers, then the
 * configured parameters with their placeholders filled in (a configured name wins over a header of the same name:
 * the operator decides what the agent sees). Immutable, shared by all calls of a connector.
 */
final class StartParameters {

    private final Map<String, ParameterTemplate> templates = new LinkedHashMap<>();

    StartParameters(Map<String, String> configured) {
        configured.forEach((name, value) -> templates.put(name, ParameterTemplate.parse("agent.custom-parameters",
                value)));
    }

    /** The parameters for one call, in order: headers first, then the configured ones. */
    Map<String, String> render(AgentSession session, String callSid, String accountSid) {
        CallParties parties = session.parties();
        Map<String, String> headers = new LinkedHashMap<>(parties.customHeaders());
        // The trunk's SIDs are kept apart from the other X- headers, yet a template may name them as headers too.
        if (parties.twilioCallSid() != null) {
            headers.put("X-Twilio-CallSid", parties.twilioCallSid());
        }
        if (parties.twilioAccountSid() != null) {
            headers.put("X-Twilio-AccountSid", parties.twilioAccountSid());
        }
        Map<String, String> facts = Map.of(
                "from", ParameterTemplate.userPart(parties.from()),
                "to", ParameterTemplate.userPart(parties.to()),
                "callSid", callSid,
                "accountSid", accountSid,
                "callId", session.callId());
        Map<String, String> params = new LinkedHashMap<>(parties.customHeaders());
        templates.forEach((name, template) -> params.put(name, template.render(facts, headers)));
        return Collections.unmodifiableMap(params);
    }
}
