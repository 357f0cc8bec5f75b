package io.trunkline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void defaultsAreValid() {
        assertEquals(5060, GatewayConfig.DEFAULTS.sip().port());
        assertEquals("demo", GatewayConfig.DEFAULTS.agent().kind());
        assertEquals(AnswerPolicy.ON_AGENT_READY, GatewayConfig.DEFAULTS.calls().answerPolicy());
        assertEquals(5000, RtpConfig.DEFAULTS.portPairs());
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new SipConfig("0.0.0.0", 70000, null, Set.of("udp"), 4, 65536, 100));
        assertEquals("sip.port", e.key());
        assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());

        assertEquals("rtp.port-min", assertThrows(ConfigException.class,
                () -> new RtpConfig("0.0.0.0", null, 20001, 30000, true, Duration.ofSeconds(30), 1000, 0)).key());
        assertEquals("rtp.realtime-priority", assertThrows(ConfigException.class,
                () -> new RtpConfig("0.0.0.0", null, 20000, 30000, true, Duration.ofSeconds(30), 1000, 0,
                        SrtpMode.OPTIONAL, 100)).key());
        assertEquals("sip.transports", assertThrows(ConfigException.class,
                () -> new SipConfig("0.0.0.0", 5060, null, Set.of("sctp"), 4, 65536, 100)).key());
        assertEquals("agent.url", assertThrows(ConfigException.class,
                () -> new AgentConfig("raw", "http://x", Duration.ofSeconds(1), 4096)).key());
    }

    @Test
    void agentUrlsAreNeverEchoedInErrors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AgentConfig("raw", "http://secret-token@x", Duration.ofSeconds(1), 4096));
        assertTrue(!e.getMessage().contains("secret-token"), e.getMessage());
    }

    @Test
    void advertisedAddressFallsBackToTheBindAddress() {
        assertEquals("10.1.2.3", new SipConfig("10.1.2.3", 5060, null, Set.of("udp"), 1, 2048, 1)
                .effectiveAdvertisedAddress());
        assertEquals("203.0.113.5", new SipConfig("10.1.2.3", 5060, "203.0.113.5", Set.of("udp"), 1, 2048, 1)
                .effectiveAdvertisedAddress());
    }
}
