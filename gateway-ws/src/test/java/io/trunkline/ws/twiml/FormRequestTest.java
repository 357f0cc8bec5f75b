package io.trunkline.ws.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.record.CallParties;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FormRequestTest {

    @Test
    void postSignsTheUrlAndTheSortedParameters() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+18005551212");
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("From", "+14158675310");
        FormRequest post = new FormRequest("post", URI.create("https://example.com/voice?x=1"), params);
        String expected = hmac("token", "https://example.com/voice?x=1CallSidCA1234567890ABCDEFrom+14158675310"
                + "To+18005551212");
        assertEquals(expected, post.signature("token"));
        assertEquals("To=%2B18005551212&CallSid=CA1234567890ABCDE&From=%2B14158675310",
                new String(post.body(), StandardCharsets.US_ASCII));
        assertEquals(URI.create("https://example.com/voice?x=1"), post.target());
    }

    @Test
    void getCarriesTheParametersInTheQueryAndSignsTheFullUrl() throws Exception {
        FormRequest get = new FormRequest("GET", URI.create("http://example.com/voice?x=1"),
                Map.of("From", "+1 555"));
        assertEquals("http://example.com/voice?x=1&From=%2B1+555", get.target().toString());
        assertEquals(hmac("t", "http://example.com/voice?x=1&From=%2B1+555"), get.signature("t"));
        assertEquals(0, get.body().length);
        assertEquals("http://example.com/v?From=x", new FormRequest("GET", URI.create("http://example.com/v"),
                Map.of("From", "x")).target().toString());
    }

    @Test
    void voiceParametersAreTwiliosForAnInboundCall() {
        CallParties parties = new CallParties("c1", "<sip:+15083084809@54.172.60.1:5060>;tag=a",
                "<sip:+15083728299@gw.example.com>", "CAabc", "ACdef", null, null, Map.of("X-Tenant", "acme"));
        Map<String, String> p = VoiceParameters.of(parties, "CAabc", "ACdef", "ringing");
        assertEquals("+15083084809", p.get("From"));
        assertEquals("+15083084809", p.get("Caller"));
        assertEquals("+15083728299", p.get("To"));
        assertEquals("+15083728299", p.get("Called"));
        assertEquals("ringing", p.get("CallStatus"));
        assertEquals("inbound", p.get("Direction"));
        assertEquals("2010-04-01", p.get("ApiVersion"));
        assertEquals("acme", p.get("SipHeader_X-Tenant"));
    }

    @Test
    void theGuardRefusesInternalAddressesOfUntrustedHosts() throws Exception {
        AddressGuard strict = AddressGuard.STRICT;
        for (String internal : Set.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1")) {
            assertFalse(strict.allows("cb.example.com", InetAddress.getByName(internal)), internal);
        }
        assertTrue(strict.allows("cb.example.com", InetAddress.getByName("93.184.216.34")));
        AddressGuard trusting = new AddressGuard(Set.of("127.0.0.1", "Internal.Example.com"));
        assertTrue(trusting.allows("127.0.0.1", InetAddress.getByName("127.0.0.1")));
        assertTrue(trusting.allows("internal.example.COM", InetAddress.getByName("10.0.0.1")));
        assertFalse(trusting.allows("other.example.com", InetAddress.getByName("10.0.0.1")));
    }

    private static String hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
