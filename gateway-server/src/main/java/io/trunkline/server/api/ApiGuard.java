package io.trunkline.server.api;

import io.trunkline.core.config.ConfigException;
import io.trunkline.sip.guard.Cidr;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may use the call-control API: nobody when no token is configured (the API is off), else clients from an
 * allowed source (any, when the list is empty) that send {@code Authorization: Bearer <token>}. The token is
 * compared in constant time (both sides hashed, so neither its content nor its length leaks through timing). The
 * source is checked first: a client from elsewhere learns nothing about the token. Thread-safe (immutable).
 */
final class ApiGuard {
    static final String SOURCES_KEY = "api.allowed-sources";
    private static final String BEARER = "Bearer ";

    /** What a request gets before any route is looked at. */
    enum Verdict {
        /** No token configured: the API does not exist (404). */
        OFF,
        /** From a source outside the allowlist (403). */
        FORBIDDEN,
        /** Token missing or wrong (401). */
        UNAUTHORIZED,
        ALLOWED
    }

    private final byte[] tokenHash;
    private final List<Cidr> sources;

    private ApiGuard(byte[] tokenHash, List<Cidr> sources) {
        this.tokenHash = tokenHash;
        this.sources = sources;
    }

    /**
     * A guard for {@code token} (null or blank: the API is off) and {@code allowedSources} (CIDRs or addresses).
     *
     * @throws ConfigException naming {@code api.allowed-sources} when an entry is not a CIDR
     */
    static ApiGuard of(String token, List<String> allowedSources) {
        List<Cidr> parsed = new ArrayList<>();
        for (String source : allowedSources) {
            try {
                parsed.add(Cidr.parse(source));
            } catch (ConfigException e) {
                throw new ConfigException(SOURCES_KEY, "IPv4 or IPv6 CIDRs such as 203.0.113.0/24", source);
            }
        }
        return new ApiGuard(token == null || token.isBlank() ? null : sha256(token), List.copyOf(parsed));
    }

    /** Whether the API is served at all. */
    boolean enabled() {
        return tokenHash != null;
    }

    /** The verdict on a request from {@code remote} (null: unknown) carrying {@code authorization} (or null). */
    Verdict check(String authorization, InetSocketAddress remote) {
        if (tokenHash == null) {
            return Verdict.OFF;
        }
        if (!sources.isEmpty() && !allowed(remote)) {
            return Verdict.FORBIDDEN;
        }
        return authorized(authorization) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
    }

    private boolean allowed(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return false;
        }
        for (Cidr cidr : sources) {
            if (cidr.contains(remote.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash, sha256(header.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
