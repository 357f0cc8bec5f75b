package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpLiteralTest {

    @Test
    void parsesLiterals() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), IpLiteral.parse("192.0.2.1"));
        assertEquals(InetAddress.getByName("::1"), IpLiteral.parse("::1"));
        assertEquals(InetAddress.getByName("2001:db8::1"), IpLiteral.parse("[2001:db8::1]"));
        assertEquals(InetAddress.getByName("0.0.0.0"), IpLiteral.parse("0.0.0.0"));
    }

    @Test
    void refusesEverythingElseWithoutResolving() {
        for (String s : new String[] {null, "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "1..2.3", "01234.1.1.1", "1.2.3.4 ", "gggg::1", "1:2", "::1%eth0", "[::1", "1.2.3.-4"}) {
            assertNull(IpLiteral.parse(s), s);
        }
    }
}
