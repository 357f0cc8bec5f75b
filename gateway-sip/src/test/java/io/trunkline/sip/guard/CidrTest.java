package io.trunkline.sip.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import io.trunkline.sip.sdp.IpLiteral;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    private static boolean in(String cidr, String address) {
        return Cidr.parse(cidr).contains(IpLiteral.parse(address));
    }

    @Test
    void ipv4NetworkContainsItsAddressesOnly() {
        assertTrue(in("54.172.60.0/30", "54.172.60.0"));
        assertTrue(in("54.172.60.0/30", "54.172.60.3"));
        assertFalse(in("54.172.60.0/30", "54.172.60.4"));
        assertFalse(in("54.172.60.0/30", "54.172.59.255"));
        assertTrue(in("10.0.0.0/8", "10.255.255.255"));
        assertFalse(in("10.0.0.0/8", "11.0.0.0"));
        assertTrue(in("192.168.1.128/25", "192.168.1.200"));
        assertFalse(in("192.168.1.128/25", "192.168.1.127"));
    }

    @Test
    void edgePrefixes() {
        assertTrue(in("0.0.0.0/0", "203.0.113.9"));
        assertFalse(in("0.0.0.0/0", "2001:db8::1"), "an IPv4 network never matches IPv6");
        assertTrue(in("127.0.0.1/32", "127.0.0.1"));
        assertFalse(in("127.0.0.1/32", "127.0.0.2"));
        assertTrue(in("127.0.0.1", "127.0.0.1"), "a bare address is one host");
        assertEquals(32, Cidr.parse("127.0.0.1").prefix());
        assertTrue(in("::/0", "2001:db8::1"));
        assertFalse(in("::/0", "10.0.0.1"));
        assertTrue(in("::1/128", "::1"));
        assertFalse(in("::1/128", "::2"));
        assertEquals(128, Cidr.parse("2001:db8::5").prefix());
    }

    @Test
    void hostBitsBelowThePrefixAreIgnored() {
        assertTrue(in("54.172.60.3/30", "54.172.60.1"));
        assertTrue(in("2001:db8::ffff/32", "2001:db8:1234::1"));
    }

    @Test
    void ipv6Networks() {
        assertTrue(in("2001:db8::/32", "2001:db8:ffff:ffff::1"));
        assertFalse(in("2001:db8::/32", "2001:db9::1"));
        assertTrue(in("2001:db8:abcd:12::/63", "2001:db8:abcd:13::1"));
        assertFalse(in("2001:db8:abcd:12::/63", "2001:db8:abcd:14::1"));
        assertTrue(in("[2001:db8::]/48", "2001:db8:0:ffff::1"), "brackets are accepted");
        assertTrue(in("fe80::/10", "febf::1"));
        assertFalse(in("fe80::/10", "fec0::1"));
    }

    @Test
    void invalidEntriesFailNamingTheKey() {
        for (String bad : List.of("", " ", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8", "256.0.0.0/8",
                "2001:db8::/129", "sip.example.com", "example.com/24", "10.0.0.0/8/8", "10.0.0.0/a",
                "::ffff:10.0.0.1/104", "10.0.0.0/0008")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Cidr.parse(bad), bad);
            assertEquals("sip.allowlist", e.key(), bad);
        }
        assertThrows(ConfigException.class, () -> Cidr.parse(null));
    }

    @Test
    void allowlistExpandsTheTwilioPresetAndEmptyMeansOpen() {
        SourceAllowlist twilio = SourceAllowlist.parse(List.of("twilio", "127.0.0.1/32"));
        assertEquals(TwilioSignallingRanges.RANGES.size() + 1, twilio.networks().size());
        assertTrue(twilio.allows(IpLiteral.parse("54.244.51.2")));
        assertTrue(twilio.allows(IpLiteral.parse("177.71.206.195")));
        assertTrue(twilio.allows(IpLiteral.parse("127.0.0.1")));
        assertFalse(twilio.allows(IpLiteral.parse("177.71.206.196")));
        assertFalse(twilio.allows(IpLiteral.parse("168.86.128.1")), "media range is not a signalling source");
        assertFalse(twilio.allows(null), "an unknown source is refused by a closed list");
        assertFalse(twilio.isOpen());

        SourceAllowlist open = SourceAllowlist.parse(List.of());
        assertTrue(open.isOpen());
        assertTrue(open.allows(IpLiteral.parse("198.51.100.1")));
        assertTrue(open.allows(null));
        assertThrows(ConfigException.class, () -> SourceAllowlist.parse(List.of("twilio", "bogus")));
    }
}
