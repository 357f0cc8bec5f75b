package io.trunkline.metrics.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Guards the admin routes: {@code Authorization: Bearer <token>} compared in constant time (both sides hashed, so
 * neither content nor length leaks through timing), and the method each route takes.
 */
final class AdminRoutes {
    private static final String BEARER = "Bearer ";

    /** What a request to an admin path gets. */
    enum Decision { DRAIN, CONFIG, UNAUTHORIZED, WRONG_METHOD, NOT_FOUND }

    private final AdminApi api;
    private final byte[] tokenHash;

    AdminRoutes(AdminApi api, String token) {
        this.api = Objects.requireNonNull(api, "api");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin endpoints need a token");
        }
        this.tokenHash = sha256(token);
    }

    AdminApi api() {
        return api;
    }

    Decision decide(FullHttpRequest request, String path) {
        HttpMethod wanted = switch (path) {
            case "/admin/drain" -> HttpMethod.POST;
            case "/admin/config" -> HttpMethod.GET;
            default -> null;
        };
        if (wanted == null) {
            return Decision.NOT_FOUND;
        }
        if (!authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return Decision.UNAUTHORIZED;
        }
        if (!request.method().equals(wanted)) {
            return Decision.WRONG_METHOD;
        }
        return wanted == HttpMethod.POST ? Decision.DRAIN : Decision.CONFIG;
    }

    /** The method {@code path} takes, for the Allow header of a 405. */
    static String allowed(String path) {
        return path.equals("/admin/drain") ? "POST" : "GET";
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
