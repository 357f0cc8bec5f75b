package io.trunkline.sip.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {
    private static final String REALM = "trunkline";
    private static final String URI = "sip:+15083728299@gw.example.com";

    private final AtomicLong wall = new AtomicLong(1_790_000_000_000L);
    private final NonceCodec nonces = new NonceCodec(new byte[32], Duration.ofSeconds(60), wall::get);
    private final DigestVerifier verifier =
            new DigestVerifier(REALM, new DigestCredentials("twilio", "s3cret-pass"), nonces);

    @Test
    void rfc2617Vector() {
        // RFC 2617 section 3.5 (with the erratum's corrected response)
        assertEquals("6629fae49393a05397450978507c4ef1", DigestVerifier.expectedResponse("Mufasa",
                "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"));
    }

    @Test
    void rfc7616Md5Vector() {
        // RFC 7616 section 3.9.1
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestVerifier.expectedResponse("Mufasa",
                "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"));
    }

    private DigestAuthorization answer(String nonce, String user, String password, String qop) {
        String response = DigestVerifier.expectedResponse(user, REALM, password, "INVITE", URI, nonce, qop,
                qop == null ? null : "00000001", qop == null ? null : "abc123");
        return new DigestAuthorization("Digest", user, REALM, nonce, URI, response, "MD5", qop,
                qop == null ? null : "abc123", qop == null ? null : "00000001");
    }

    @Test
    void correctCredentialsPass() {
        String nonce = verifier.newNonce();
        assertEquals(DigestVerifier.Result.OK, verifier.verify(answer(nonce, "twilio", "s3cret-pass", "auth"),
                "INVITE"));
        assertEquals(DigestVerifier.Result.OK, verifier.verify(answer(nonce, "twilio", "s3cret-pass", null),
                "INVITE"), "RFC 2069 form without qop");
    }

    @Test
    void aReplayedResponseIsRefusedAndTheNextCountAccepted() {
        String nonce = verifier.newNonce();
        DigestAuthorization first = answer(nonce, "twilio", "s3cret-pass", "auth");
        assertEquals(DigestVerifier.Result.OK, verifier.verify(first, "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED, verifier.verify(first, "INVITE"), "the same nc again");
        String response = DigestVerifier.expectedResponse("twilio", REALM, "s3cret-pass", "INVITE", URI, nonce,
                "auth", "00000002", "abc123");
        assertEquals(DigestVerifier.Result.OK, verifier.verify(new DigestAuthorization("Digest", "twilio", REALM,
                nonce, URI, response, "MD5", "auth", "abc123", "00000002"), "INVITE"), "the next count");
    }

    @Test
    void missingAndWrongCredentials() {
        String nonce = verifier.newNonce();
        assertEquals(DigestVerifier.Result.MISSING, verifier.verify(null, "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer(nonce, "twilio", "wrong", "auth"), "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer(nonce, "someone", "s3cret-pass", "auth"), "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer(nonce, "twilio", "s3cret-pass", "auth"), "BYE"), "method is covered");
        DigestAuthorization ok = answer(nonce, "twilio", "s3cret-pass", "auth");
        assertEquals(DigestVerifier.Result.FAILED, verifier.verify(new DigestAuthorization("Digest", ok.username(),
                "other", ok.nonce(), ok.uri(), ok.response(), ok.algorithm(), ok.qop(), ok.cnonce(),
                ok.nonceCount()), "INVITE"), "realm");
        assertEquals(DigestVerifier.Result.FAILED, verifier.verify(new DigestAuthorization("Digest", ok.username(),
                REALM, ok.nonce(), ok.uri(), ok.response(), "SHA-256", ok.qop(), ok.cnonce(), ok.nonceCount()),
                "INVITE"), "algorithm");
        assertEquals(DigestVerifier.Result.FAILED, verifier.verify(new DigestAuthorization("Digest", ok.username(),
                REALM, ok.nonce(), ok.uri(), ok.response(), "MD5", "auth-int", ok.cnonce(), ok.nonceCount()),
                "INVITE"), "qop");
    }

    @Test
    void forgedNonceFailsEvenWithTheRightPassword() {
        NonceCodec other = new NonceCodec(new byte[] {1, 2, 3}, Duration.ofSeconds(60), wall::get);
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer(other.issue(), "twilio", "s3cret-pass", "auth"), "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer("not-base64!", "twilio", "s3cret-pass", "auth"), "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED,
                verifier.verify(answer("AAAA", "twilio", "s3cret-pass", "auth"), "INVITE"));
    }

    @Test
    void expiredNonceIsStaleOnlyWithTheRightPassword() {
        String nonce = verifier.newNonce();
        wall.addAndGet(Duration.ofSeconds(60).toMillis());
        assertEquals(DigestVerifier.Result.OK, verifier.verify(answer(nonce, "twilio", "s3cret-pass", "auth"),
                "INVITE"), "still fresh at exactly the ttl");
        wall.addAndGet(1);
        assertEquals(DigestVerifier.Result.STALE, verifier.verify(answer(nonce, "twilio", "s3cret-pass", "auth"),
                "INVITE"));
        assertEquals(DigestVerifier.Result.FAILED, verifier.verify(answer(nonce, "twilio", "guess", "auth"),
                "INVITE"), "stale=true is never a hint for a wrong password");
    }

    @Test
    void noncesAreUniquePerMillisecondAndFromTheFutureInvalid() {
        String a = nonces.issue();
        wall.incrementAndGet();
        assertNotEquals(a, nonces.issue());
        NonceCodec ahead = new NonceCodec(new byte[32], Duration.ofSeconds(60), () -> wall.get() + 60_000);
        assertEquals(NonceCodec.Check.INVALID, nonces.check(ahead.issue()));
        assertEquals(NonceCodec.Check.FRESH, nonces.check(a));
    }

    @Test
    void credentialsNeverPrintThemselves() {
        assertFalse(new DigestCredentials("twilio", "s3cret-pass").toString().contains("s3cret"));
        assertFalse(new DigestCredentials("twilio", "s3cret-pass").toString().contains("twilio"));
    }
}
