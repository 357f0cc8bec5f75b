package io.trunkline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.sip.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS keys: environment overrides, what a TLS listener requires, and what the printed configuration shows. */
class SipTlsConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentTurnsTlsOn() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TRUNKLINE_SIP_TRANSPORTS", "udp,tcp,tls",
                "TRUNKLINE_SIP_TLS_PORT", "5071",
                "TRUNKLINE_SIP_TLS_CERTIFICATE", "/etc/letsencrypt/live/gw/fullchain.pem",
                "TRUNKLINE_SIP_TLS_PRIVATE_KEY", "/etc/letsencrypt/live/gw/privkey.pem",
                "TRUNKLINE_SIP_TLS_RELOAD_INTERVAL", "5m")).load(null);
        assertEquals(Set.of("udp", "tcp", "tls"), c.sip().transports());
        assertEquals(5071, c.sip().tls().port());
        assertEquals(5071, c.sip().portOf("tls"));
        assertEquals(5060, c.sip().portOf("tcp"));
        assertEquals("/etc/letsencrypt/live/gw/fullchain.pem", c.sip().tls().certificate());
        assertEquals("/etc/letsencrypt/live/gw/privkey.pem", c.sip().tls().privateKey());
        assertEquals(Duration.ofMinutes(5), c.sip().tls().reloadInterval());
        assertEquals(5061, new ConfigLoader(Map.of()).load(null).sip().tls().port(), "default TLS port");
    }

    @Test
    void tlsWithoutItsFilesOrOnTheTcpPortFailsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_TRANSPORTS", "tls")).load(null));
        assertEquals("sip.tls-certificate", e.key());
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_TRANSPORTS", "tls",
                "TRUNKLINE_SIP_TLS_CERTIFICATE", "/x/fullchain.pem")).load(null));
        assertEquals("sip.tls-private-key", e.key());
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_TRANSPORTS", "tcp,tls",
                "TRUNKLINE_SIP_TLS_PORT", "5060", "TRUNKLINE_SIP_TLS_CERTIFICATE", "/x/c.pem",
                "TRUNKLINE_SIP_TLS_PRIVATE_KEY", "/x/k.pem")).load(null));
        assertEquals("sip.tls-port", e.key());
        e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_TRANSPORTS", "udp,sctp")).load(null));
        assertEquals("sip.transports", e.key());
    }

    @Test
    void theConfigurationShowsThePathsAndNeverTheKey() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "printed", "EC");
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_SIP_TRANSPORTS", "udp,tls",
                "TRUNKLINE_SIP_TLS_CERTIFICATE", pem.certificate().toString(),
                "TRUNKLINE_SIP_TLS_PRIVATE_KEY", pem.privateKey().toString())).load(null);
        String printed = ConfigLoader.describe(c);
        assertTrue(printed.contains("sip.tls-private-key = " + pem.privateKey()), printed);
        assertTrue(printed.contains("sip.tls-certificate = " + pem.certificate()), printed);
        assertEquals(pem.privateKey().toString(), ConfigLoader.effective(c).get("sip.tls-private-key"));
        String key = Files.readString(pem.privateKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        String admin = ConfigLoader.effective(c).toString();
        for (int i = 0; i + 16 <= key.length(); i += 8) {
            assertFalse(printed.contains(key.substring(i, i + 16)), "key material printed");
            assertFalse(admin.contains(key.substring(i, i + 16)), "key material in /admin/config");
        }
    }
}
