package io.trunkline.core.call;

/** A call was asked to move to a state its current state does not lead to. */
public final class IllegalCallTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalCallTransitionException(String callId, CallState from, CallState to) {
        super("call " + callId + ": illegal transition " + from + " -> " + to);
    }
}
