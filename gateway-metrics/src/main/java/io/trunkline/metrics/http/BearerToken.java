package io.trunkline.metrics.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A bearer token that {@code Authorization: Bearer <token>} headers are checked against. Only the token's SHA-256 is
 * kept, and headers are compared by their hashes in constant time, so neither the token's length nor its prefix
 * leaks through timing.
 */
public final class BearerToken {
    private static final String BEARER = "Bearer ";

    private final byte[] tokenHash;

    private BearerToken(byte[] tokenHash) {
        this.tokenHash = tokenHash;
    }

    /** The token to accept; never blank. */
    public static BearerToken of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a bearer token cannot be blank");
        }
        return new BearerToken(sha256(token));
    }

    /** Whether {@code authorization} (an Authorization header's value, or null) carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash, sha256(authorization.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
