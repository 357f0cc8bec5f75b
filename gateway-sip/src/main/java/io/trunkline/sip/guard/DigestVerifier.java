package io.trunkline.sip.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Checks digest responses (RFC 2617 / RFC 7616, algorithm MD5, {@code qop=auth} or the RFC 2069 form without
 * qop that RFC 3261 section 22.4 keeps for compatibility). The nonce proves itself through {@link NonceCodec}; with
 * {@code qop=auth} each nonce count is accepted once ({@link NonceCounts}), so a captured response cannot be sent
 * again. The RFC 2069 form has no count: such a response can be replayed until its nonce goes stale, so keep
 * {@code sip.digest-nonce-ttl} short and combine digest with the allowlist.
 */
final class DigestVerifier {
    /** The verdict on one Authorization header. */
    enum Result { OK, MISSING, FAILED, STALE }

    private final String realm;
    private final DigestCredentials credentials;
    private final NonceCodec nonces;
    private final NonceCounts counts = new NonceCounts(10_000);

    DigestVerifier(String realm, DigestCredentials credentials, NonceCodec nonces) {
        this.realm = realm;
        this.credentials = credentials;
        this.nonces = nonces;
    }

    String realm() {
        return realm;
    }

    String newNonce() {
        return nonces.issue();
    }

    /** Verifies {@code auth} (null when the request carried none) for a request with {@code method}. */
    Result verify(DigestAuthorization auth, String method) {
        if (auth == null) {
            return Result.MISSING;
        }
        if (!"digest".equalsIgnoreCase(auth.scheme()) || auth.response() == null || auth.uri() == null
                || auth.nonce() == null || !realm.equals(auth.realm())
                || !credentials.username().equals(auth.username())
                || (auth.algorithm() != null && !auth.algorithm().equalsIgnoreCase("MD5"))) {
            return Result.FAILED;
        }
        String qop = auth.qop() == null ? null : auth.qop().toLowerCase(Locale.ROOT);
        if (qop != null && (!qop.equals("auth") || auth.cnonce() == null || auth.nonceCount() == null)) {
            return Result.FAILED;
        }
        NonceCodec.Check nonce = nonces.check(auth.nonce());
        if (nonce == NonceCodec.Check.INVALID) {
            return Result.FAILED;
        }
        String expected = expectedResponse(credentials.username(), realm, credentials.password(), method,
                auth.uri(), auth.nonce(), qop, auth.nonceCount(), auth.cnonce());
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match) {
            return Result.FAILED;
        }
        // Right password, old nonce: RFC 2617 3.2.1 says challenge again with stale=true rather than fail.
        if (nonce == NonceCodec.Check.STALE) {
            return Result.STALE;
        }
        return qop == null || counts.advance(auth.nonce(), nonceCount(auth.nonceCount())) ? Result.OK : Result.FAILED;
    }

    /** The 8 hex digits of {@code nc}; -1 (never above an accepted count) when they are not that. */
    private static long nonceCount(String nc) {
        try {
            return nc.length() <= 8 ? Long.parseLong(nc, 16) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request-digest of RFC 2617 section 3.2.2.1 with MD5; {@code qop} null is the RFC 2069 form. */
    static String expectedResponse(String username, String realm, String password, String method, String uri,
            String nonce, String qop, String nonceCount, String cnonce) {
        return DigestHash.response(username, realm, password, method, uri, nonce, qop, nonceCount, cnonce);
    }
}
