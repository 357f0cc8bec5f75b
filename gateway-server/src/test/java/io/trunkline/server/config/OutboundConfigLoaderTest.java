package io.trunkline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.OutboundConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void outboundCallsAreOffByDefaultAndAllowNoNumber() throws Exception {
        OutboundConfig o = new ConfigLoader(Map.of()).load(null).outbound();
        assertFalse(o.enabled());
        assertEquals(List.of(), o.allowedPrefixes());
        assertEquals(1, o.maxCallsPerSecond());
        assertEquals(Duration.ofSeconds(60), o.ringTimeout());
        assertEquals(OutboundConfig.DEFAULTS, o);
    }

    @Test
    void theTrunkSectionLoadsFromTheFileAndTheEnvironment() throws Exception {
        Path file = write("""
                outbound:
                  trunk: sip:example.pstn.twilio.com
                  from: "+15550009999"
                  allowed-prefixes: ["+1", "+44"]
                  ring-timeout: 30s
                """);
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_OUTBOUND_MAX_CALLS_PER_SECOND", "5",
                "TRUNKLINE_OUTBOUND_USERNAME_ENV", "MY_TRUNK_USER")).load(file);
        OutboundConfig o = c.outbound();
        assertTrue(o.enabled());
        assertEquals("sip:example.pstn.twilio.com", o.trunk());
        assertEquals("+15550009999", o.from());
        assertEquals(List.of("+1", "+44"), o.allowedPrefixes());
        assertEquals(Duration.ofSeconds(30), o.ringTimeout());
        assertEquals(5, o.maxCallsPerSecond());
        assertEquals("MY_TRUNK_USER", o.usernameEnv());
        String printed = ConfigLoader.describe(c);
        assertTrue(printed.contains("outbound.allowed-prefixes = +1,+44"), printed);
        assertTrue(printed.contains("outbound.username-env = MY_TRUNK_USER"), printed);
    }

    @Test
    void badValuesFailNamingTheKey() throws Exception {
        assertEquals("outbound.allowed-prefixes", assertThrows(ConfigException.class, () ->
                new ConfigLoader(Map.of()).load(write("outbound:\n  allowed-prefixes: [+1]\n"))).key(),
                "an unquoted +1 is the number 1 in YAML: refused rather than read as a prefix");
        assertEquals("outbound.trunk", assertThrows(ConfigException.class, () ->
                new ConfigLoader(Map.of("TRUNKLINE_OUTBOUND_TRUNK", "example.pstn.twilio.com")).load(null)).key());
        assertEquals("outbound.from", assertThrows(ConfigException.class, () ->
                new ConfigLoader(Map.of("TRUNKLINE_OUTBOUND_FROM", "5550009999")).load(null)).key());
        assertEquals("outbound.transport", assertThrows(ConfigException.class, () ->
                new ConfigLoader(Map.of("TRUNKLINE_OUTBOUND_TRANSPORT", "sctp")).load(null)).key());
        assertEquals("outbound.max-calls-per-second", assertThrows(ConfigException.class, () ->
                new ConfigLoader(Map.of("TRUNKLINE_OUTBOUND_MAX_CALLS_PER_SECOND", "0")).load(null)).key());
    }
}
