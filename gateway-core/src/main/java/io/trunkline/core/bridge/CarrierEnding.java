package io.trunkline.core.bridge;

import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;

/**
 * How the carrier side of a call ends: an inbound call's final response or BYE ({@link SipEnding}), an outbound
 * call's CANCEL or BYE ({@link OutboundCall}). Confined to the call's loop.
 */
interface CarrierEnding {

    /** Ends the carrier side of a call in {@code state} for {@code reason}; returns the state the call moves to. */
    CallState end(CallState state, EndReason reason);

    /** The agent platform asked callers to retry after this many seconds (0: no hint). */
    default void agentHint(int retryAfterSeconds) {
    }

    /** The agent refused the call with this SIP status (an inbound call answers its INVITE with it). */
    default void agentRefusal(int sipStatus) {
    }
}
