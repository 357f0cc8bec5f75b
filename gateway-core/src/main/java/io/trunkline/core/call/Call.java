package io.trunkline.core.call;

import java.util.Objects;

/**
 * One call's identity and state machine. Confined to the call's loop: not thread-safe by design.
 * Illegal transitions throw {@link IllegalCallTransitionException}; they are bugs, never ignored.
 */
public final class Call {
    private final String id;
    private CallState state = CallState.OFFERED;
    private EndReason endReason;

    public Call(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    public String id() {
        return id;
    }

    public CallState state() {
        return state;
    }

    public void moveTo(CallState target) {
        if (!state.canMoveTo(target)) {
            throw new IllegalCallTransitionException(id, state, target);
        }
        state = target;
    }

    /**
     * Records why the call ends; the first reason wins (a BYE racing an agent hangup is attributed to whichever
     * reached the call first). Returns whether this reason was the one recorded.
     */
    public boolean endFor(EndReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (endReason != null) {
            return false;
        }
        endReason = reason;
        return true;
    }

    /** The reason the call ended, or {@code null} while it has not started ending. */
    public EndReason endReason() {
        return endReason;
    }

    public EndedBy endedBy() {
        return endReason == null ? null : endReason.side();
    }

    public boolean isEndingOrOver() {
        return state == CallState.ENDING || state.isTerminal();
    }

    @Override
    public String toString() {
        return "Call[" + id + ", " + state + (endReason == null ? "" : ", " + endReason) + "]";
    }
}
