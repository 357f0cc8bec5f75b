package io.trunkline.sip.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.guard.DigestHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

class DigestAnswerTest {
    private final HeaderFactoryImpl headers = new HeaderFactoryImpl();
    private final AddressFactoryImpl addresses = new AddressFactoryImpl();
    private final MessageFactoryImpl messages = new MessageFactoryImpl();
    private final DigestCredentials credentials = new DigestCredentials("trunk-user", "S3cret!");

    private Request invite() throws Exception {
        SipURI uri = addresses.createSipURI("+15550001111", "example.pstn.twilio.com");
        return messages.createRequest(uri, Request.INVITE, headers.createCallIdHeader("c1@gw"),
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(addresses.createSipURI("+15550009999", "gw")), "f1"),
                headers.createToHeader(addresses.createAddress(uri), null),
                List.of(headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK1")),
                headers.createMaxForwardsHeader(70));
    }

    private Response challenge(int status, String qop, String algorithm) throws Exception {
        Response response = messages.createResponse(status, invite());
        WWWAuthenticateHeader auth = status == 407 ? headers.createProxyAuthenticateHeader("Digest")
                : headers.createWWWAuthenticateHeader("Digest");
        auth.setRealm("sip.twilio.com");
        auth.setNonce("dcd98b7102dd2f0e8b11d0f600bfb0c093");
        if (qop != null) {
            auth.setQop(qop);
        }
        if (algorithm != null) {
            auth.setAlgorithm(algorithm);
        }
        auth.setOpaque("5ccc069c403ebaf9f0171e9517f40e41");
        response.addHeader(auth);
        return response;
    }

    @Test
    void theRfc2617ExampleDigestIsComputed() {
        assertEquals("6629fae49393a05397450978507c4ef1", DigestHash.response("Mufasa",
                "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"));
    }

    @Test
    void aProxyChallengeIsAnsweredWithProxyAuthorizationQopAuthAndOurCnonce() throws Exception {
        Request invite = invite();
        AuthorizationHeader auth = DigestAnswer.answer(challenge(407, "auth,auth-int", "MD5"), credentials,
                Request.INVITE, invite.getRequestURI(), headers);
        assertEquals("Proxy-Authorization", auth.getName());
        String text = auth.toString();
        assertTrue(text.contains("nc=00000001"), text);
        assertTrue(text.contains("qop=auth"), text);
        assertFalse(text.contains("qop=\"auth\""), "qop is a token in credentials: " + text);
        assertTrue(text.contains("username=\"trunk-user\""), text);
        assertTrue(text.contains("uri=\"sip:+15550001111@example.pstn.twilio.com\""), text);
        assertTrue(text.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), text);
        assertFalse(text.contains("S3cret!"), "the password never travels");
        String ha1 = md5("trunk-user:sip.twilio.com:S3cret!");
        String ha2 = md5("INVITE:sip:+15550001111@example.pstn.twilio.com");
        assertEquals(md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:" + auth.getCNonce() + ":auth:" + ha2),
                auth.getResponse());
        assertEquals(16, auth.getCNonce().length());
    }

    @Test
    void aServerChallengeWithoutQopIsAnsweredTheRfc2069Way() throws Exception {
        Request invite = invite();
        AuthorizationHeader auth = DigestAnswer.answer(challenge(401, null, null), credentials, Request.INVITE,
                invite.getRequestURI(), headers);
        assertEquals("Authorization", auth.getName());
        assertNull(auth.getCNonce());
        String ha1 = md5("trunk-user:sip.twilio.com:S3cret!");
        String ha2 = md5("INVITE:sip:+15550001111@example.pstn.twilio.com");
        assertEquals(md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + ha2), auth.getResponse());
    }

    @Test
    void eachAnswerHasItsOwnCnonce() throws Exception {
        Request invite = invite();
        Response challenge = challenge(407, "auth", null);
        assertNotEquals(DigestAnswer.answer(challenge, credentials, Request.INVITE, invite.getRequestURI(), headers)
                .getCNonce(), DigestAnswer.answer(challenge, credentials, Request.INVITE, invite.getRequestURI(),
                headers).getCNonce());
    }

    @Test
    void challengesWeCannotAnswerGetNoCredentials() throws Exception {
        Request invite = invite();
        assertNull(DigestAnswer.answer(challenge(407, "auth-int", null), credentials, Request.INVITE,
                invite.getRequestURI(), headers));
        assertNull(DigestAnswer.answer(challenge(401, "auth", "SHA-256"), credentials, Request.INVITE,
                invite.getRequestURI(), headers));
        assertNull(DigestAnswer.answer(messages.createResponse(407, invite), credentials, Request.INVITE,
                invite.getRequestURI(), headers), "no challenge header");
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(
                StandardCharsets.UTF_8)));
    }
}
