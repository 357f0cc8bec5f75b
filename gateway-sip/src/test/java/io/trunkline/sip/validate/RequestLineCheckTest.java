package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestLineCheckTest {
    @Test
    void versionIsTheLastToken() {
        assertNull(RequestLineCheck.otherVersion("INVITE sip:a@example.com SIP/2.0"));
        assertNull(RequestLineCheck.otherVersion("INVITE  sip:a@example.com\tsip/2.0 "));
        assertEquals("SIP/7.0", RequestLineCheck.otherVersion("OPTIONS sip:t.watson@example.org SIP/7.0"));
        assertEquals("SIP/2.00", RequestLineCheck.otherVersion("OPTIONS sip:t.watson@example.org SIP/2.00"));
    }

    @Test
    void onlyTheHostOfASipUriIsLookedAt() {
        assertNull(RequestLineCheck.uriProblem("INVITE sip:user;par=u%40example.net@example.com SIP/2.0"));
        assertNull(RequestLineCheck.uriProblem("INVITE sips:user:pw@example.com:5061;transport=tcp SIP/2.0"));
        assertNull(RequestLineCheck.uriProblem("INVITE sip:[::1]:5060?h=a:b:c SIP/2.0"));
        assertNull(RequestLineCheck.uriProblem("INVITE tel:+1-201-555-0123 SIP/2.0"));
        assertNull(RequestLineCheck.uriProblem("INVITE urn:a:b:c:d SIP/2.0"));
        assertEquals("IPv6 address without brackets in the Request-URI",
                RequestLineCheck.uriProblem("REGISTER sip:2001:db8::10 SIP/2.0"));
        assertEquals("IPv6 address without brackets in the Request-URI",
                RequestLineCheck.uriProblem("INVITE SIP:user@2001:db8::10;lr SIP/2.0"));
        assertEquals("Malformed IPv6 reference in the Request-URI",
                RequestLineCheck.uriProblem("OPTIONS sip:user@[2001:db8:::192.0.2.1] SIP/2.0"));
        assertEquals("Malformed IPv6 reference in the Request-URI",
                RequestLineCheck.uriProblem("OPTIONS sip:user@[2001:db8::1 SIP/2.0"));
    }
}
