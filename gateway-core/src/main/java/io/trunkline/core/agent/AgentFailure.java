package io.trunkline.core.agent;

import java.util.Objects;

/**
 * Why an agent connection failed.
 *
 * @param kind              the class of failure, used for SIP mapping and metrics
 * @param message           for logs; must never contain secrets (tokens, signed URLs)
 * @param retryAfterSeconds a hint for the SIP {@code Retry-After} header, or 0
 */
public record AgentFailure(Kind kind, String message, int retryAfterSeconds) {

    public enum Kind {
        /** The agent platform refused our credentials (HTTP 401/403). */
        UNAUTHORIZED,
        /** Rate limited (HTTP 429). */
        RATE_LIMITED,
        /** The platform answered with a server error or was unreachable. */
        UNAVAILABLE,
        /** No answer within the configured time. */
        TIMEOUT,
        /** The agent broke the wire protocol (invalid JSON, oversized frame, unknown event). */
        PROTOCOL,
        /** The connection closed or reset. */
        CONNECTION_LOST
    }

    public AgentFailure {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : message;
    }

    public static AgentFailure of(Kind kind, String message) {
        return new AgentFailure(kind, message, 0);
    }
}
