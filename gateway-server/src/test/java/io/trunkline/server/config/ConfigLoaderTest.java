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
import io.trunkline.core.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
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
}
