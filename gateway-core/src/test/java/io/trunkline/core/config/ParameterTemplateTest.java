package io.trunkline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTemplateTest {

    private static final Map<String, String> FACTS = Map.of("from", "+15083084809", "to", "+15083728299",
            "callSid", "CA1", "accountSid", "AC1", "callId", "c-1");
    private static final Map<String, String> HEADERS = Map.of("X-Tenant", "acme");

    @Test
    void placeholdersAreReplacedAndTextIsKept() {
        assertEquals("+15083084809", render("{from}"));
        assertEquals("call from +15083084809 to +15083728299 (CA1, AC1, c-1)",
                render("call from {from} to {to} ({callSid}, {accountSid}, {callId})"));
        assertEquals("acme/acme/", render("{header:X-Tenant}/{header:x-tenant}/{header:X-Other}"));
        assertEquals("{from} is {}", render("{{from}} is {{}}"));
        assertEquals("a } b", render("a } b"));
        assertEquals("", render(""));
        assertEquals("+15083084809", render("{ from }"));
    }

    @Test
    void unknownPlaceholdersAreConfigErrorsNamingTheKey() {
        for (String bad : List.of("{caller}", "{From}", "{header:Diversion}", "{header:X-}", "{header:X-A b}",
                "{from", "x{}", "{header}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ParameterTemplate.parse("k.key", bad), bad);
            assertEquals("k.key", e.key(), bad);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ParameterTemplate.parse("k", "{caller}"));
        assertTrue(e.getMessage().contains("{from}") && e.getMessage().contains("{caller}"), e.getMessage());
    }

    @Test
    void numbersAreTheUserPartOfTheUri() {
        assertEquals("+15083084809", ParameterTemplate.userPart("sip:+15083084809@54.172.60.1:5060"));
        assertEquals("+15083728299", ParameterTemplate.userPart("<sip:+15083728299@gw.example.com;x=y>"));
        assertEquals("alice", ParameterTemplate.userPart("\"Alice\" <sips:alice@example.com>"));
        assertEquals("+15550002222", ParameterTemplate.userPart("tel:+15550002222;phone-context=x"));
        assertEquals("", ParameterTemplate.userPart(null));
    }

    @Test
    void agentsGetTheNumbersByDefaultAndPlaceholdersAreCheckedAtStartUp() {
        assertEquals(Map.of("from_number", "{from}", "to_number", "{to}"), AgentConfig.DEFAULTS.customParameters());
        assertEquals(List.of("from_number", "to_number"),
                List.copyOf(AgentConfig.DEFAULT_CUSTOM_PARAMETERS.keySet()), "the order of the start message");
        AgentConfig none = new AgentConfig("twilio-stream", "ws://127.0.0.1/s", Duration.ofSeconds(1), 4096, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(1), Duration.ofSeconds(1), null, Map.of(),
                List.of());
        assertEquals(Map.of(), none.customParameters());
        assertEquals(null, none.twilioAuthTokenEnv());

        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("z", "{to}");
        ordered.put("a", "{from}");
        assertEquals(List.of("z", "a"), List.copyOf(agent(ordered).customParameters().keySet()));

        ConfigException e = assertThrows(ConfigException.class, () -> agent(Map.of("caller", "{caller_id}")));
        assertEquals("agent.custom-parameters", e.key());
    }

    private static AgentConfig agent(Map<String, String> params) {
        return new AgentConfig("twilio-stream", "ws://127.0.0.1/s", Duration.ofSeconds(1), 4096, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(1), Duration.ofSeconds(1), null, params,
                List.of(), "TWILIO_AUTH_TOKEN");
    }

    private static String render(String template) {
        return ParameterTemplate.parse("k", template).render(FACTS, HEADERS);
    }
}
