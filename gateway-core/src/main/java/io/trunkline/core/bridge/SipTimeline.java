package io.trunkline.core.bridge;

import io.trunkline.core.record.SipTimings;

/**
 * Monotonic time stamps of a call's SIP phases, turned into milliseconds since the INVITE arrived (inbound) or left
 * (outbound).
 */
final class SipTimeline {
    private long inviteNanos;
    long tryingNanos;
    long ringingNanos;
    long answeredNanos;
    long ackNanos;
    long byeSentNanos;
    long byeReceivedNanos;

    SipTimeline(long inviteNanos, long tryingNanos) {
        this.inviteNanos = inviteNanos;
        this.tryingNanos = tryingNanos;
    }

    /** The outbound INVITE left at {@code nanos}: the origin of every phase. */
    void inviteSent(long nanos) {
        inviteNanos = nanos;
    }

    /** Milliseconds from the INVITE to {@code nanos}, or NaN when the phase did not happen. */
    double sinceInvite(long nanos) {
        return nanos == 0 ? Double.NaN : (nanos - inviteNanos) / 1e6;
    }

    /** Milliseconds from the INVITE to the answer, or NaN before it. */
    double answerMillis() {
        return sinceInvite(answeredNanos);
    }

    SipTimings toTimings() {
        return new SipTimings(sinceInvite(tryingNanos), sinceInvite(ringingNanos), sinceInvite(answeredNanos),
                sinceInvite(ackNanos), sinceInvite(byeSentNanos), sinceInvite(byeReceivedNanos));
    }
}
