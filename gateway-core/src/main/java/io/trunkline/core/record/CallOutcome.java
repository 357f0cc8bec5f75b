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
    FAILED,
    /** An outbound call the callee's side answered busy (486, 600). */
    BUSY,
    /** An outbound call that rang until the ring timeout and was cancelled. */
    NO_ANSWER,
    /** An outbound call to a number the trunk does not know (404, 484, 604). */
    NOT_FOUND;

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
        switch (reason) {
            case CALLEE_BUSY:
                return BUSY;
            case CALLEE_DECLINED:
                return REJECTED;
            case CALLEE_NOT_FOUND:
                return NOT_FOUND;
            case NO_ANSWER:
                return NO_ANSWER;
            default:
                break;
        }
        return reason.name().startsWith("REJECTED_") ? REJECTED : FAILED;
    }

    /** Lower case with dashes ({@code no-answer}), for records and metric tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
