package io.trunkline.sip.uas;

/**
 * The INVITE dialog of one inbound call, as the UAS sees it: which event moves it from which state to which, and
 * which events are reported once only. Every transition is atomic and says whether it happened, so that exactly
 * one final response is chosen for the INVITE whatever races (answer against CANCEL, reject against CANCEL), and
 * the caller acts on the outcome outside the lock.
 *
 * <pre>
 * EARLY ──answer──▶ ANSWERED ──ACK──▶ CONFIRMED
 *   │                  │                 │
 *   │                  └──────hangUp─────┴──▶ BYE_SENT ──byeCompleted──▶ ENDED
 *   └──reject, redirect, CANCEL, BYE──▶ ENDED
 * </pre>
 * A BYE received when ANSWERED or CONFIRMED ends the dialog too.
 */
final class DialogState {

    enum State {
        /** INVITE received, no final response chosen: 180 may go, CANCEL applies. */
        EARLY,
        /** 200 chosen, its ACK not yet received. */
        ANSWERED,
        /** 200 acknowledged. */
        CONFIRMED,
        /** The gateway sent BYE and waits for its answer. */
        BYE_SENT,
        /** Over: nothing more is sent or reported. */
        ENDED
    }

    private State state = State.EARLY;
    private boolean ringingSent;
    private boolean acked;
    private boolean ackTimeoutReported;

    synchronized State current() {
        return state;
    }

    /** Answered and not ending: in-dialog requests and session refreshes apply. */
    synchronized boolean established() {
        return state == State.ANSWERED || state == State.CONFIRMED;
    }

    /** Whether to send 180: once, and only before the final response. */
    synchronized boolean ring() {
        if (state != State.EARLY || ringingSent) {
            return false;
        }
        ringingSent = true;
        return true;
    }

    /** EARLY → ANSWERED: whether the 200 is the INVITE's final response. */
    synchronized boolean answer() {
        return move(State.EARLY, State.ANSWERED);
    }

    /** EARLY → ENDED (reject, redirect, CANCEL): whether this is the INVITE's final response. */
    synchronized boolean endEarly() {
        return move(State.EARLY, State.ENDED);
    }

    /** ANSWERED or CONFIRMED → BYE_SENT. Returns the state before, whatever it was. */
    synchronized State hangUp() {
        State was = state;
        if (was == State.ANSWERED || was == State.CONFIRMED) {
            state = State.BYE_SENT;
        }
        return was;
    }

    /** The first ACK of our 200 (ANSWERED → CONFIRMED): whether to report it. */
    synchronized boolean ack() {
        if (acked || state == State.EARLY || state == State.ENDED) {
            return false;
        }
        acked = true;
        if (state == State.ANSWERED) {
            state = State.CONFIRMED;
        }
        return true;
    }

    /** The ACK of our 200 never came: whether to report it (once, and only if no ACK arrived). */
    synchronized boolean ackTimedOut() {
        if (acked || ackTimeoutReported || state == State.EARLY || state == State.ENDED) {
            return false;
        }
        ackTimeoutReported = true;
        return true;
    }

    /**
     * The caller's BYE: ENDED, unless already ENDED or our own BYE is out (then its answer ends the call). Returns
     * the state before, or null when the BYE changes nothing.
     */
    synchronized State byeReceived() {
        State was = state;
        if (was == State.ENDED || was == State.BYE_SENT) {
            return null;
        }
        state = State.ENDED;
        return was;
    }

    /** BYE_SENT → ENDED once our BYE was answered, timed out or failed: whether to report it. */
    synchronized boolean byeCompleted() {
        return move(State.BYE_SENT, State.ENDED);
    }

    private boolean move(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        return true;
    }
}
