package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.record.CallParties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the assistant is told about a call: configured parameters have their placeholders filled in. */
class VapiCallFactsTest {

    @Test
    void configuredParametersAreRenderedWithTheCallsFacts() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Tenant", "acme");
        AgentSession session = new AgentSession("call-1", new CallParties("sip-1",
                "<sip:+15550001111@54.172.60.1:5060>;tag=1", "<sip:+15550002222@gw.example.com>", null, null, null,
                null, headers));
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("from_number", "{from}");
        configured.put("tenant", "{header:X-Tenant}");
        configured.put("sid", "[{callSid}]");

        Map<String, String> facts = VapiCallRequest.callFacts(session, configured);

        assertEquals("+15550001111", facts.get("from_number"));
        assertEquals("acme", facts.get("tenant"));
        assertEquals("acme", facts.get("X-Tenant"));
        assertEquals("[]", facts.get("sid"), "a SID the call does not have renders empty");
        assertEquals("call-1", facts.get("callId"));
    }
}
