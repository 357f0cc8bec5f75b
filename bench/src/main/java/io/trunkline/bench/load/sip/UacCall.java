package io.trunkline.bench.load.sip;

import java.util.concurrent.ScheduledFuture;

/**
 * One call's dialog on the UAC side: identifiers, the messages that may have to be sent again, the state, and when
 * each step happened (monotonic nanoseconds). Touched only on the SIP loop, except the read-only identifiers and the
 * timings, which are read after the run.
 */
public final class UacCall {

    /** Dialog states, in order. */
    public enum State { IDLE, CALLING, PROCEEDING, CONFIRMED, TERMINATING, ENDED, FAILED }

    final String callId;
    final String fromTag;
    final String callSid;
    State state = State.IDLE;
    String requestUri;
    String inviteBranch;
    String inviteText;
    String toHeader;
    String remoteTarget;
    String ackText;
    String byeText;
    ScheduledFuture<?> timer;
    ScheduledFuture<?> guard;
    long retransmitDelayMillis;

    volatile long inviteSentNanos;
    volatile long tryingNanos;
    volatile long ringingNanos;
    volatile long answeredNanos;
    volatile long byeSentNanos;
    volatile long byeAnsweredNanos;
    volatile int finalStatus;
    volatile int inviteRetransmits;
    volatile int okRetransmits;
    volatile long firstOkRetransmitNanos;
    volatile int byeRetransmits;
    volatile boolean endedByGateway;
    volatile String failure;

    public UacCall(String callId, String fromTag, String callSid) {
        this.callId = callId;
        this.fromTag = fromTag;
        this.callSid = callSid;
    }

    public String callId() {
        return callId;
    }

    public String callSid() {
        return callSid;
    }

    public State state() {
        return state;
    }

    public long inviteSentNanos() {
        return inviteSentNanos;
    }

    public long tryingNanos() {
        return tryingNanos;
    }

    public long ringingNanos() {
        return ringingNanos;
    }

    public long answeredNanos() {
        return answeredNanos;
    }

    public long byeSentNanos() {
        return byeSentNanos;
    }

    public long byeAnsweredNanos() {
        return byeAnsweredNanos;
    }

    /** The final status of the INVITE (0 while none). */
    public int finalStatus() {
        return finalStatus;
    }

    public int inviteRetransmits() {
        return inviteRetransmits;
    }

    /** 200 OKs to the INVITE received after the first (the ACK is sent again for each). */
    public int okRetransmits() {
        return okRetransmits;
    }

    /** When the first repeated 200 OK arrived (0: none). */
    public long firstOkRetransmitNanos() {
        return firstOkRetransmitNanos;
    }

    public int byeRetransmits() {
        return byeRetransmits;
    }

    /** Whether the gateway sent BYE (the harness never lets a call end on its own before teardown). */
    public boolean endedByGateway() {
        return endedByGateway;
    }

    /** Why the call failed, or null. */
    public String failure() {
        return failure;
    }
}
