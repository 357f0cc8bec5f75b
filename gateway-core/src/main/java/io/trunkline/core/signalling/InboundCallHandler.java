package io.trunkline.core.signalling;

/** Receives new calls from the SIP adapter. Implemented by the call bridge. Never blocks. */
public interface InboundCallHandler {

    /**
     * A new INVITE. Called on a SIP listener thread; the handler hands the work to a call loop and returns the
     * per-call event handler at once. When {@link InboundInvite#rejection()} is set, the handler rejects the call
     * through {@code leg} (so that it is recorded like every other call).
     */
    CallSignals onInvite(InboundInvite invite, SignallingLeg leg);

    /** Whether new calls are accepted (false while draining): OPTIONS is answered 503 when false. */
    boolean acceptingCalls();
}
