package io.trunkline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.ws.twiml.TwimlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code twiml} section, for the default agent and for a route, and its checks. */
class TwimlConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theTwimlSectionConfiguresTheDefaultAgentAndARoute() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_TWIML_TIMEOUT", "3s")).load(write("""
                agent:
                  kind: twiml
                twiml:
                  voice-url: https://app.example.com/voice?key=secret
                  method: get
                  fallback-url: https://backup.example.com/voice
                  auth-token-env: TWILIO_AUTH_TOKEN
                  account-sid: AC0123456789abcdef0123456789abcdef
                  failure-response: 480
                  status-callback: https://app.example.com/status
                  trusted-callback-hosts: [hooks.internal, 10.0.0.5]
                routes:
                  - to: "+15550001111"
                    agent: {kind: twiml}
                    twiml: {voice-url: "https://tenant.example.com/voice"}
                """));
        TwimlConfig twiml = c.agent().option(TwimlConfig.class).orElseThrow();
        assertEquals("twiml", c.agent().kind());
        assertEquals("GET", twiml.method());
        assertEquals(Duration.ofSeconds(3), twiml.timeout(), "the environment wins");
        assertEquals(480, twiml.failureResponse());
        assertEquals(java.util.Set.of("hooks.internal", "10.0.0.5"), java.util.Set.copyOf(twiml.trustedCallbackHosts()));
        TwimlConfig route = c.routes().get(0).agent().option(TwimlConfig.class).orElseThrow();
        assertEquals("https://tenant.example.com/voice", route.voiceUrl());
        assertEquals("TWILIO_AUTH_TOKEN", route.authTokenEnv(), "the rest comes from the default agent's section");

        String printed = ConfigLoader.describe(c);
        assertFalse(printed.contains("key=secret"), "the voice URL is masked like agent.url");
        assertTrue(printed.contains("twiml.failure-response = 480"), printed);
    }

    @Test
    void aTwimlAgentNeedsItsVoiceUrlAndSaneValues() throws Exception {
        ConfigException none = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_AGENT_KIND", "twiml")).load(null));
        assertEquals("twiml.voice-url", none.key());
        for (Map.Entry<String, String> bad : Map.of(
                "TRUNKLINE_TWIML_VOICE_URL", "ftp://app.example.com/voice",
                "TRUNKLINE_TWIML_METHOD", "PUT",
                "TRUNKLINE_TWIML_FAILURE_RESPONSE", "200",
                "TRUNKLINE_TWIML_ACCOUNT_SID", "AC123").entrySet()) {
            Map<String, String> env = new java.util.HashMap<>(Map.of("TRUNKLINE_AGENT_KIND", "twiml",
                    "TRUNKLINE_TWIML_VOICE_URL", "https://app.example.com/voice"));
            env.put(bad.getKey(), bad.getValue());
            ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(env).load(null),
                    bad.toString());
            assertEquals(ConfigKeys.DEFAULTS.keySet().stream().filter(k -> ConfigKeys.environmentName(k)
                    .equals(bad.getKey())).findFirst().orElseThrow(), e.key());
        }
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "gw", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
