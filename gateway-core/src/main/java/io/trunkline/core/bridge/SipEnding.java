package io.trunkline.core.bridge;

import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.signalling.SignallingLeg;

/**
 * How the SIP side of a call ends. An answered call gets a BYE (none when the caller's own BYE ended it). An
 * unanswered one gets its final response: a {@code 302} to the agent's fallback after an agent set-up failure when
 * one is configured, else the reason's status, with {@code Retry-After} on a {@code 503}, where the agent
 * platform's own hint (Vapi's 429 Retry-After, say) wins over the configured one. A call that is over before the
 * answer because someone ended it (the caller's CANCEL, an operator's hang-up, shutdown) goes through
 * {@code ENDING}; the others were refused or failed. Confined to the call's loop.
 */
final class SipEnding implements CarrierEnding {
    private final SignallingLeg signalling;
    private final CallRecorder recorder;
    private final String fallbackUri;
    private final int configuredRetryAfter;
    private int agentRetryAfter;
    private int agentRefusal;

    /** @param fallbackUri where agent set-up failures are redirected, or null */
    SipEnding(SignallingLeg signalling, CallRecorder recorder, String fallbackUri, int configuredRetryAfter) {
        this.signalling = signalling;
        this.recorder = recorder;
        this.fallbackUri = fallbackUri;
        this.configuredRetryAfter = configuredRetryAfter;
    }

    /** The agent platform asked callers to retry after this many seconds (0: no hint). */
    @Override
    public void agentHint(int retryAfterSeconds) {
        agentRetryAfter = retryAfterSeconds;
    }

    /** Ends the SIP side of a call in {@code state} for {@code reason}; returns the state the call moves to. */
    @Override
    public CallState end(CallState state, EndReason reason) {
        if (state == CallState.ANSWERED) {
            if (reason != EndReason.CALLER_HANGUP) {
                signalling.hangup(reason);
                recorder.sip().byeSentNanos = System.nanoTime(); // the adapter's onByeSent comes after the record
            }
            return CallState.ENDING;
        }
        if (fallbackUri != null
                && (reason == EndReason.AGENT_CONNECT_FAILED || reason == EndReason.AGENT_CONNECT_TIMEOUT)) {
            signalling.redirect(fallbackUri);
            recorder.finalStatus(302);
        } else {
            refuse(reason);
        }
        if (reason == EndReason.CALLER_CANCELLED || reason == EndReason.SHUTDOWN
                || reason == EndReason.OPERATOR_HANGUP) {
            return CallState.ENDING;
        }
        return state == CallState.OFFERED ? CallState.REJECTED : CallState.FAILED;
    }

    /** The agent refused the call with this SIP status (used when it ends for {@link EndReason#AGENT_REFUSED}). */
    @Override
    public void agentRefusal(int sipStatus) {
        agentRefusal = sipStatus;
    }

    /** Answers the INVITE with the reason's status. */
    void refuse(EndReason reason) {
        int status = reason == EndReason.AGENT_REFUSED && agentRefusal > 0 ? agentRefusal
                : reason.unansweredSipStatus();
        signalling.reject(status, reason.description(), status != 503 ? 0
                : agentRetryAfter > 0 ? agentRetryAfter : configuredRetryAfter);
        recorder.finalStatus(status);
    }
}
