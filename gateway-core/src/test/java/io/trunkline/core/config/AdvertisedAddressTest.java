package io.trunkline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvertisedAddressTest {

    @Test
    void aWildcardBindIsNeverAdvertised() {
        String host = new SipConfig("0.0.0.0", 5060, null, Set.of("udp"), 1, 4096, 10).effectiveAdvertisedAddress();
        assertFalse(AdvertisedAddress.isWildcard(host), host);
        assertFalse(AdvertisedAddress.isWildcard(RtpConfig.DEFAULTS.effectiveAdvertisedAddress()));
    }

    @Test
    void theConfiguredAddressWinsThenTheBindAddress() {
        assertEquals("sip.example.com", AdvertisedAddress.resolve("sip.example.com", "0.0.0.0"));
        assertEquals("127.0.0.1", AdvertisedAddress.resolve("", "127.0.0.1"));
        assertEquals("127.0.0.1", AdvertisedAddress.resolve(null, "127.0.0.1"));
    }
}
