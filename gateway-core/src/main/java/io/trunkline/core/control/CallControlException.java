package io.trunkline.core.control;

import java.util.Objects;

/** A call-control request refused, with why in words fit for the API's error body. */
public final class CallControlException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kind of refusal; each maps to one HTTP status. */
    public enum Kind {
        /** The request is malformed (a bad number, unknown digits): 400. */
        INVALID(400),
        /** The request is understood and not allowed (outside the allowed prefixes): 403. */
        FORBIDDEN(403),
        /** No such call, or it is over: 404. */
        NOT_FOUND(404),
        /** The call is not in a state that allows this (DTMF before answer): 409. */
        CONFLICT(409),
        /** Too many requests queued (outbound pacing): 429. */
        TOO_MANY(429),
        /** The gateway cannot do this now or at all (not configured, draining): 503. */
        UNAVAILABLE(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public CallControlException(Kind kind, String reason) {
        super(reason);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
