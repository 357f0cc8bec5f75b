package io.trunkline.core.observe;

/**
 * SIP requests the gateway refused before they reached call handling, for metrics. Called on SIP listener
 * threads: implementations must not block.
 */
public interface SignallingObserver {

    /** Observes nothing. */
    SignallingObserver NOOP = (reason, answered) -> { };

    /** Why a request was refused. */
    enum Refusal {
        /** The source address is not in the allowlist. */
        SOURCE_DENIED,
        /** The source sent more requests than its rate allows. */
        RATE_LIMITED,
        /** An INVITE without credentials: challenged (the normal first step of digest authentication). */
        AUTH_CHALLENGED,
        /** Credentials that do not match (wrong user, password, realm or a forged nonce). */
        AUTH_FAILED,
        /** Correct credentials for an expired nonce: challenged again with stale=true. */
        AUTH_STALE
    }

    /**
     * One request was refused.
     *
     * @param answered true when a response (401, 403, 503) was sent, false when the request was dropped
     */
    void refused(Refusal reason, boolean answered);
}
