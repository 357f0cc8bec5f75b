package io.trunkline.core.record;

import io.trunkline.core.call.EndReason;
import java.util.Locale;

/** How a call went, in one word: the {@code outcome} of the record and of the {@code gateway.calls} metric. */
public enum CallOutcome {
    /** Answered with 200 OK (whatever ended it afterwards, but a transfer). */
    ANSWERED,
    /** Answered, then handed over to a human by the carrier (a REFER it completed). */
    TRANSFERRED,
    /** Sent elsewhere with a 3xx (agent fallback). */
    REDIRECTED,
    /** The caller cancelled, or an operator hung up through the API, before the answer. */
    CANCELLED,
    /** Refused before any work: capacity, drain, codec, ports, malformed. */
    REJECTED,
    /** Set-up started and could not complete (agent unreachable or too slow, internal error, shutdown). */
    FAILED;

    /** The outcome of a call that ended for {@code reason} with {@code finalStatus}. */
    public static CallOutcome of(boolean answered, int finalStatus, EndReason reason) {
        if (answered) {
            return reason == EndReason.TRANSFERRED ? TRANSFERRED : ANSWERED;
        }
        if (finalStatus >= 300 && finalStatus < 400) {
            return REDIRECTED;
        }
        if (reason == EndReason.CALLER_CANCELLED || reason == EndReason.OPERATOR_HANGUP) {
            return CANCELLED;
        }
        return reason.name().startsWith("REJECTED_") ? REJECTED : FAILED;
    }

    /** Lower case, for metric tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
