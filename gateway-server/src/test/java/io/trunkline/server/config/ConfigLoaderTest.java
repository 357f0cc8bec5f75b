package io.trunkline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.ws.vapi.VapiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path SHIPPED = Path.of("..", "config", "gateway.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedFileDocumentsEveryKeyWithItsDefault() throws Exception {
        var root = new ObjectMapper(new YAMLFactory()).readTree(SHIPPED.toFile());
        Set<String> keys = new HashSet<>();
        root.fields().forEachRemaining(section -> section.getValue().fieldNames()
                .forEachRemaining(k -> keys.add(section.getKey() + "." + k)));
        assertEquals(ConfigKeys.DEFAULTS.keySet(), keys);
        GatewayConfig fromFile = new ConfigLoader(Map.of()).load(SHIPPED);
        GatewayConfig builtIn = new ConfigLoader(Map.of()).load(null);
        assertEquals(builtIn, fromFile, "the shipped file holds the built-in defaults");
        assertEquals(GatewayConfig.DEFAULTS, builtIn, "the loader's defaults are the model's defaults");
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path file = write("sip:\n  port: 5070\ncalls:\n  answer-policy: immediate\n");
        GatewayConfig c = new ConfigLoader(Map.of(
                "TRUNKLINE_SIP_PORT", "5080",
                "TRUNKLINE_SIP_TRANSPORTS", "udp",
                "TRUNKLINE_RTP_INACTIVITY_TIMEOUT", "750ms")).load(file);
        assertEquals(5080, c.sip().port());
        assertEquals(Set.of("udp"), c.sip().transports());
        assertEquals(AnswerPolicy.IMMEDIATE, c.calls().answerPolicy());
        assertEquals(Duration.ofMillis(750), c.rtp().inactivityTimeout());
        assertNull(c.sip().advertisedAddress());
    }

    @Test
    void theCallControlApiTakesItsTokenVariableAndAllowedSources() throws Exception {
        Path file = write("api:\n  token-env: MY_API_TOKEN\n  allowed-sources: [10.0.0.0/8, 2001:DB8::/32]\n");
        GatewayConfig c = new ConfigLoader(Map.of()).load(file);
        assertEquals("MY_API_TOKEN", c.api().tokenEnv());
        assertEquals(java.util.List.of("10.0.0.0/8", "2001:db8::/32"), c.api().allowedSources());
        GatewayConfig env = new ConfigLoader(Map.of("TRUNKLINE_API_ALLOWED_SOURCES", "192.0.2.7")).load(null);
        assertEquals(java.util.List.of("192.0.2.7"), env.api().allowedSources());
        assertEquals("TRUNKLINE_ADMIN_TOKEN", env.api().tokenEnv(), "the admin token by default");
    }

    @Test
    void aBareZeroIsAZeroDurationAndOnlyWhereZeroIsAllowed() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_CALLS_MAX_LOOP_LAG", "0")).load(null);
        assertEquals(java.time.Duration.ZERO, c.calls().maxLoopLag());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_AGENT_CONNECT_TIMEOUT", "0")).load(null));
        assertEquals("agent.connect-timeout", e.key());
    }

    @Test
    void badValuesFailNamingTheKeyAndTheExpectedForm() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_CALLS_AGENT_READY_TIMEOUT", "soon")).load(null));
        assertEquals("calls.agent-ready-timeout", e.key());
        assertTrue(e.getMessage().contains("30s"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write("sip:\n  port: x\n")));
        assertEquals("sip.port", e.key());

        e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(write("calls:\n  answer-policy: later\n")));
        assertTrue(e.getMessage().contains("on-agent-ready or immediate"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write("sip:\n  prot: 1\n")));
        assertEquals("sip.prot", e.key());
    }

    @Test
    void transferAndVapiServerSettingsLoad() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TRUNKLINE_TRANSFER_REFER_TO_FORMAT", "sip:{number}@acme.pstn.twilio.com",
                "TRUNKLINE_TRANSFER_REFERRED_BY", "sip:agent@gw.example.com",
                "TRUNKLINE_TRANSFER_NOTIFY_TIMEOUT", "10s",
                "TRUNKLINE_VAPI_SERVER_PATH", "/vapi/server")).load(null);
        assertEquals(io.trunkline.core.config.TransferMode.REFER, c.transfer().mode());
        assertEquals("sip:+15550009999@acme.pstn.twilio.com", c.transfer().referToNumber("+15550009999"));
        assertEquals("sip:agent@gw.example.com", c.transfer().referredBy());
        assertEquals(java.time.Duration.ofSeconds(10), c.transfer().notifyTimeout());
        assertEquals("/vapi/server", c.vapiServer().path());
        assertEquals("VAPI_SERVER_SECRET", c.vapiServer().secretEnv());
        assertEquals("tel:+15550009999", new ConfigLoader(Map.of()).load(null).transfer().referToNumber("+15550009999"));
        assertFalse(new ConfigLoader(Map.of()).load(null).vapiServer().enabled());

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_TRANSFER_REFER_TO_FORMAT", "sip:desk@pbx")).load(null));
        assertEquals("transfer.refer-to-format", e.key());
        e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_TRANSFER_MODE", "warm")).load(null));
        assertEquals("transfer.mode", e.key());
        e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_VAPI_SERVER_PATH", "vapi")).load(null));
        assertEquals("vapi.server-path", e.key());
    }

    @Test
    void printedConfigurationMasksTheAgentUrl() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_AGENT_KIND", "raw",
                "TRUNKLINE_AGENT_URL", "wss://agent.example.com/calls?token=s3cr3t")).load(null);
        String printed = ConfigLoader.describe(c);
        assertFalse(printed.contains("s3cr3t"), printed);
        assertTrue(printed.contains("agent.url = wss://agent.example.com/****"), printed);
        assertTrue(printed.contains("rtp.inactivity-timeout = 30s"), printed);
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "gw", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void routesNameTheirAgentAndInheritTheRest() throws Exception {
        Path file = write("""
                agent:
                  kind: demo
                  connect-timeout: 2s
                vapi:
                  api-key-env: MY_VAPI_KEY
                routes:
                  - to: "+15083728299"
                    agent: {kind: vapi, on-disconnect: reconnect}
                    vapi: {assistant-id: asst_sales, audio-format: mulaw}
                  - header: X-Agent=support
                    agent: {kind: raw, url: "ws://127.0.0.1:9000/agent", sample-rate: 8000}
                """);
        GatewayConfig c = new ConfigLoader(Map.of()).load(file);
        assertEquals(2, c.routes().size());
        var sales = c.routes().get(0);
        assertEquals("+15083728299", sales.to());
        assertEquals("vapi", sales.agent().kind());
        assertEquals("asst_sales", sales.agent().option(VapiConfig.class).orElseThrow().assistantId());
        assertEquals("mulaw", sales.agent().option(VapiConfig.class).orElseThrow().audioFormat());
        assertEquals("MY_VAPI_KEY", sales.agent().option(VapiConfig.class).orElseThrow().apiKeyEnv(), "inherited from the vapi section");
        assertEquals(Duration.ofSeconds(2), sales.agent().connectTimeout(), "inherited from the agent section");
        var support = c.routes().get(1);
        assertEquals("X-Agent", support.header());
        assertEquals("support", support.headerValue());
        assertEquals(8000, support.agent().sampleRate());
        assertEquals("demo", c.agent().kind(), "the default agent is untouched");
    }

    @Test
    void badRoutesFailNamingTheRoute() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write("""
                routes:
                  - to: "1000"
                    agent: {kind: vapi}
                """)));
        assertEquals("vapi.assistant-id", e.key(), "a vapi route needs an assistant");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write("""
                routes:
                  - header: X-Agent
                    agent: {kind: demo}
                """)));
        assertEquals("routes[0].header", e.key());
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write("""
                routes:
                  - to: "1000"
                    agent: {knd: demo}
                """)));
        assertEquals("routes[0].agent.knd", e.key());
    }

    @Test
    void agentFailureSettingsLoadFromTheEnvironment() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TRUNKLINE_AGENT_ON_DISCONNECT", "reconnect",
                "TRUNKLINE_AGENT_FALLBACK_URI", "sip:voicemail@pbx.example.com",
                "TRUNKLINE_AGENT_CUSTOM_PARAMETERS", "tenant=acme, tier=gold")).load(null);
        assertEquals(DisconnectPolicy.RECONNECT, c.agent().onDisconnect());
        assertEquals("sip:voicemail@pbx.example.com", c.agent().fallbackUri());
        assertEquals(Map.of("tenant", "acme", "tier", "gold"), c.agent().customParameters());
        assertEquals("agent.fallback-uri", assertThrows(ConfigException.class, () -> new ConfigLoader(
                Map.of("TRUNKLINE_AGENT_FALLBACK_URI", "voicemail")).load(null)).key());
    }
    @Test
    void customParametersTakePlaceholdersAndTheAuthTokenIsNamedNeverGiven() throws Exception {
        GatewayConfig defaults = new ConfigLoader(Map.of()).load(null);
        assertEquals(Map.of("from_number", "{from}", "to_number", "{to}"), defaults.agent().customParameters());
        assertNull(defaults.agent().twilioAuthTokenEnv());

        Path file = write("""
                agent:
                  kind: twilio-stream
                  url: "wss://bot.example.com/ws?token=s3cret"
                  custom-parameters:
                    caller: "{from}"
                    tenant: "{header:X-Tenant}"
                    sid: "{callSid}"
                  twilio-auth-token-env: MY_TWILIO_TOKEN
                """);
        GatewayConfig c = new ConfigLoader(Map.of("MY_TWILIO_TOKEN", "never-printed")).load(file);
        assertEquals(List.of("caller", "tenant", "sid"), List.copyOf(c.agent().customParameters().keySet()));
        assertEquals("{header:X-Tenant}", c.agent().customParameters().get("tenant"));
        assertEquals("MY_TWILIO_TOKEN", c.agent().twilioAuthTokenEnv());
        Map<String, Object> effective = ConfigLoader.effective(c);
        assertEquals("MY_TWILIO_TOKEN", effective.get("agent.twilio-auth-token-env"));
        String printed = ConfigLoader.describe(c);
        assertFalse(printed.contains("never-printed") || printed.contains("s3cret"), printed);
        assertTrue(printed.contains("twilio-auth-token-env = MY_TWILIO_TOKEN"), printed);

        assertEquals(Map.of(), new ConfigLoader(Map.of()).load(write("agent:\n  custom-parameters: {}\n"))
                .agent().customParameters(), "{} sends none");
        assertEquals(Map.of("n", "{to}"), new ConfigLoader(Map.of("TRUNKLINE_AGENT_CUSTOM_PARAMETERS", "n={to}"))
                .load(null).agent().customParameters());

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of())
                .load(write("agent:\n  custom-parameters:\n    caller: \"{caller_number}\"\n")));
        assertEquals("agent.custom-parameters", e.key());
        assertTrue(e.getMessage().contains("{caller_number}"), e.getMessage());
        // Unquoted, {from} is a YAML mapping: refused instead of silently sent empty.
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of())
                .load(write("agent:\n  custom-parameters:\n    caller: {from}\n")));
        assertEquals("agent.custom-parameters.caller", e.key());
        assertTrue(e.getMessage().contains("quote"), e.getMessage());
    }

    @Test
    void observabilitySettingsLoadAndTheWebhookUrlIsMasked() throws Exception {
        Path file = write("""
                metrics:
                  port: 0
                  enabled: false
                records:
                  max-file-mb: 5
                  webhook-url: "https://hooks.example.com/calls?token=abc123"
                  webhook-secret-env: MY_HOOK_SECRET
                attribution:
                  agent-turn-ms: 1200.5
                  carrier-loss-percent: 1
                """);
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_METRICS_RECENT_CALLS", "50")).load(file);
        assertEquals(0, c.metrics().port());
        assertFalse(c.metrics().enabled());
        assertEquals(50, c.metrics().recentCalls());
        assertEquals(5, c.records().maxFileMb());
        assertTrue(c.records().hasWebhook());
        assertEquals("MY_HOOK_SECRET", c.records().webhookSecretEnv());
        assertEquals(1200.5, c.records().attribution().agentTurnMs());
        assertEquals(1.0, c.records().attribution().carrierLossPercent());
        String printed = ConfigLoader.describe(c);
        assertFalse(printed.contains("abc123"), printed);
        assertTrue(printed.contains("records.webhook-url = https://hooks.example.com/****"), printed);
        assertTrue(printed.contains("attribution.agent-turn-ms = 1200.5"), printed);
        assertTrue(printed.contains("attribution.agent-connect-ms = 2000"), printed);

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(
                "TRUNKLINE_ATTRIBUTION_AGENT_TURN_MS", "fast")).load(null));
        assertEquals("attribution.agent-turn-ms", e.key());
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(
                "TRUNKLINE_ATTRIBUTION_CARRIER_RTT_MS", "0")).load(null));
        assertEquals("attribution.carrier-rtt-ms", e.key());
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(
                "TRUNKLINE_RECORDS_WEBHOOK_URL", "ftp://x")).load(null));
        assertEquals("records.webhook-url", e.key());
    }
}
