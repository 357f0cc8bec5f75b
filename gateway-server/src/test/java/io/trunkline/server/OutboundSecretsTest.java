package io.trunkline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.sip.guard.DigestCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The termination trunk's credentials come from the variables the configuration names, never from the file. */
class OutboundSecretsTest {
    private static final OutboundConfig CONFIG = OutboundConfig.DEFAULTS;

    @Test
    void bothVariablesGiveCredentialsThatNeverPrintThemselves() {
        DigestCredentials c = new EnvironmentSecrets(Map.of("OUTBOUND_SIP_USERNAME", "trunk-user",
                "OUTBOUND_SIP_PASSWORD", "S3cret!")).outboundCredentials(CONFIG);
        assertEquals("trunk-user", c.username());
        assertEquals("S3cret!", c.password());
        assertFalse(c.toString().contains("S3cret!"));
    }

    @Test
    void neitherVariableMeansIpAclOnly() {
        assertNull(new EnvironmentSecrets(Map.of()).outboundCredentials(CONFIG));
    }

    @Test
    void oneWithoutTheOtherStopsStartUpNamingTheMissingKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new EnvironmentSecrets(
                Map.of("OUTBOUND_SIP_USERNAME", "trunk-user")).outboundCredentials(CONFIG));
        assertEquals("outbound.password-env", e.key());
        assertFalse(e.getMessage().contains("trunk-user"), e.getMessage());
    }
}
