package io.trunkline.sip.uas.session;

import javax.sip.message.Request;

/**
 * What the gateway does with the final answer to a session refresh it sent (RFC 4028 sections 7.4 and 10, RFC 3261
 * sections 12.2.1.2 and 14.1). A pure decision, so that every branch is tested without a network.
 *
 * @param action       what to do
 * @param seconds      for {@link Action#RETRY_NOW}: the interval to ask for
 * @param delayMillis  for {@link Action#RETRY_LATER}: when to try again
 * @param detail       what happened, for the log
 */
public record RefreshOutcome(Action action, int seconds, long delayMillis, String detail) {

    /** Requests sent for one refresh (the first and its retries) before the gateway waits for the expiry. */
    public static final int MAX_ATTEMPTS = 4;
    /** A retry is not worth sending closer than this to the expiry. */
    public static final long MIN_RETRY_MILLIS = 1_000;

    public enum Action {
        /** 2xx: the session is refreshed; arm the next refresh. */
        REFRESHED,
        /** 422 with a larger Min-SE: send again at once with {@link #seconds}. */
        RETRY_NOW,
        /** The peer refuses UPDATE (405, 501): refresh with a re-INVITE from now on, at once. */
        RETRY_WITH_REINVITE,
        /** Not refreshed, but time is left: try again after {@link #delayMillis}. */
        RETRY_LATER,
        /** Not refreshed and no retry fits: the call ends when the session expires, as the peer's would. */
        AWAIT_EXPIRY,
        /** The dialog is gone or the peer is unreachable (481, 408, no answer): end the call with BYE now. */
        END
    }

    /**
     * @param method          UPDATE or INVITE, the refresh that was answered
     * @param status          the final status
     * @param minSe           the answer's Min-SE in seconds, or -1
     * @param retryAfter      the answer's Retry-After in seconds, or -1
     * @param sentSeconds     the interval the refresh asked for
     * @param remainingMillis time left before the session expires unrefreshed
     * @param attempt         refreshes already sent for this half interval, this one included
     * @param glareMillis     a random 0-2 s wait for a 491 (RFC 3261 14.1: the gateway does not own the Call-ID)
     */
    public static RefreshOutcome decide(String method, int status, int minSe, int retryAfter, int sentSeconds,
            long remainingMillis, int attempt, long glareMillis) {
        if (status >= 200 && status < 300) {
            return new RefreshOutcome(Action.REFRESHED, sentSeconds, 0, status + "");
        }
        if (status == 481 || status == 408) {
            return end(method + " refresh answered " + status);
        }
        String detail = method + " refresh answered " + status;
        boolean again = attempt < MAX_ATTEMPTS;
        if (again && status == 422 && minSe > sentSeconds) {
            return new RefreshOutcome(Action.RETRY_NOW, minSe, 0, detail + ", Min-SE " + minSe);
        }
        if (again && (status == 405 || status == 501) && Request.UPDATE.equals(method)) {
            return new RefreshOutcome(Action.RETRY_WITH_REINVITE, sentSeconds, 0, detail);
        }
        long delay = status == 491 ? glareMillis
                : retryAfter > 0 ? retryAfter * 1000L
                : remainingMillis / 2;
        if (again && delay + MIN_RETRY_MILLIS < remainingMillis) {
            return new RefreshOutcome(Action.RETRY_LATER, sentSeconds, delay, detail);
        }
        return new RefreshOutcome(Action.AWAIT_EXPIRY, sentSeconds, 0, detail);
    }

    /** The refresh got no answer at all (transaction timeout). */
    public static RefreshOutcome unanswered(String method) {
        return end(method + " refresh not answered");
    }

    private static RefreshOutcome end(String detail) {
        return new RefreshOutcome(Action.END, 0, 0, detail);
    }
}
