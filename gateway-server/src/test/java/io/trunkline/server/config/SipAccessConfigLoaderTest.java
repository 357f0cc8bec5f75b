package io.trunkline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sip:} access-control keys: file, environment, defaults and bad values. */
class SipAccessConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreOpenDropAndNoDigest() throws Exception {
        SipAccessConfig a = new ConfigLoader(Map.of()).load(null).sip().access();
        assertEquals(SipAccessConfig.DEFAULTS, a);
        assertEquals(List.of(), a.allowlist());
        assertEquals(RefusalAction.DROP, a.onDenied());
        assertEquals(RefusalAction.DROP, a.onRateLimited());
        assertFalse(a.digestEnabled());
        assertTrue(a.rateLimited());
    }

    @Test
    void fileAndEnvironmentSetEveryKey() throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                sip:
                  allowlist: [twilio, 10.0.0.0/8, "2001:db8::/32"]
                  on-denied: reject
                  rate-limit-per-second: 50
                  rate-limit-burst: 80
                  rate-limit-sources: 2000
                  on-rate-limited: reject
                  digest-enabled: true
                  digest-realm: gw.example.com
                  digest-username-env: MY_SIP_USER
                  digest-password-env: MY_SIP_PASS
                  digest-nonce-ttl: 30s
                """);
        GatewayConfig c = new ConfigLoader(Map.of("TRUNKLINE_SIP_RATE_LIMIT_BURST", "90")).load(file);
        SipAccessConfig a = c.sip().access();
        assertEquals(List.of("twilio", "10.0.0.0/8", "2001:db8::/32"), a.allowlist());
        assertEquals(RefusalAction.REJECT, a.onDenied());
        assertEquals(50, a.ratePerSecond());
        assertEquals(90, a.rateBurst(), "the environment wins over the file");
        assertEquals(2000, a.rateSources());
        assertEquals(RefusalAction.REJECT, a.onRateLimited());
        assertTrue(a.digestEnabled());
        assertEquals("gw.example.com", a.digestRealm());
        assertEquals("MY_SIP_USER", a.digestUsernameEnv());
        assertEquals("MY_SIP_PASS", a.digestPasswordEnv());
        assertEquals(Duration.ofSeconds(30), a.digestNonceTtl());
        String described = ConfigLoader.describe(c);
        assertTrue(described.contains("sip.allowlist = twilio,10.0.0.0/8,2001:db8::/32"), described);
        assertTrue(described.contains("sip.digest-password-env = MY_SIP_PASS"), described);

        SipAccessConfig fromEnv = new ConfigLoader(Map.of("TRUNKLINE_SIP_ALLOWLIST", "twilio, 192.0.2.7",
                "TRUNKLINE_SIP_RATE_LIMIT_PER_SECOND", "0")).load(null).sip().access();
        assertEquals(List.of("twilio", "192.0.2.7"), fromEnv.allowlist());
        assertFalse(fromEnv.rateLimited());
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("sip.on-denied", assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_ON_DENIED", "ignore")).load(null)).key());
        assertEquals("sip.rate-limit-burst", assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_RATE_LIMIT_BURST", "0")).load(null)).key());
        assertEquals("sip.digest-realm", assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_DIGEST_REALM", "a\"b")).load(null)).key());
        assertEquals("sip.digest-nonce-ttl", assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TRUNKLINE_SIP_DIGEST_NONCE_TTL", "0s")).load(null)).key());
    }
}
