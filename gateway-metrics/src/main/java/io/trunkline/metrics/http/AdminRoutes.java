package io.trunkline.metrics.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * Guards the admin routes: {@code Authorization: Bearer <token>} compared in constant time (both sides hashed, so
 * neither content nor length leaks through timing), and the method each route takes.
 */
final class AdminRoutes {
    /** What a request to an admin path gets. */
    enum Decision { DRAIN, CONFIG, UNAUTHORIZED, WRONG_METHOD, NOT_FOUND }

    private final AdminApi api;
    private final BearerToken token;

    AdminRoutes(AdminApi api, String token) {
        this.api = Objects.requireNonNull(api, "api");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin endpoints need a token");
        }
        this.token = BearerToken.of(token);
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
        if (!token.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
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
}
