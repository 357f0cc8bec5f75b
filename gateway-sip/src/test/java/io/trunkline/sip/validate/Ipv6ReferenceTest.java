package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6ReferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::10", "2001:db8::9:1", "2001:db8:0:0:0:0:0:1",
        "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "2001:db8::192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "FE80::aBcD"})
    void validAddresses(String text) {
        assertTrue(Ipv6Reference.isValid(text, 0, text.length()), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "2001:db8:::192.0.2.1", "1:::2", ":1", "1:", "1::2::3", "12345::1",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "1:2:3:4:5:6:7", "::g", "::1.2.3", "::1.2.3.256", "::1.2.3.4.5",
        "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4", "2001"})
    void invalidAddresses(String text) {
        assertFalse(Ipv6Reference.isValid(text, 0, text.length()), text);
    }
}
