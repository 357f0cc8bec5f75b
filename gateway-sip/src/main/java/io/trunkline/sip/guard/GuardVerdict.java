package io.trunkline.sip.guard;

import io.trunkline.core.observe.SignallingObserver.Refusal;

/**
 * What to do with one request after the guard looked at it.
 *
 * @param action  pass it on, drop it, or answer it with a refusal
 * @param reason  why it was refused (null when passed)
 * @param realm   for {@link Action#CHALLENGE}: the realm of the challenge
 * @param nonce   for {@link Action#CHALLENGE}: a fresh nonce
 * @param stale   for {@link Action#CHALLENGE}: the credentials were right but the nonce had expired
 */
public record GuardVerdict(Action action, Refusal reason, String realm, String nonce, boolean stale) {

    /** The request may proceed. */
    public static final GuardVerdict PASS = new GuardVerdict(Action.PASS, null, null, null, false);

    /** The possible outcomes. */
    public enum Action {
        PASS,
        /** Send nothing. */
        DROP,
        /** 403 Forbidden. */
        FORBIDDEN,
        /** 503 Service Unavailable. */
        UNAVAILABLE,
        /** 401 Unauthorized with a WWW-Authenticate challenge. */
        CHALLENGE
    }

    static GuardVerdict refuse(Action action, Refusal reason) {
        return new GuardVerdict(action, reason, null, null, false);
    }

    static GuardVerdict challenge(Refusal reason, String realm, String nonce, boolean stale) {
        return new GuardVerdict(Action.CHALLENGE, reason, realm, nonce, stale);
    }

    public boolean passes() {
        return action == Action.PASS;
    }
}
