package io.trunkline.core.signalling;

import io.trunkline.core.call.EndReason;

/** The SIP side of one outbound call, implemented by the SIP adapter. Methods return at once, from any thread. */
public interface OutboundLeg {

    /** The SIP Call-ID of the INVITE. */
    String sipCallId();

    /**
     * Ends the call as its state requires: CANCEL while the INVITE is pending (sent once a provisional response has
     * arrived, RFC 3261 9.1), BYE once answered, with a {@code Reason} describing {@code reason}. Idempotent.
     */
    void hangup(EndReason reason);
}
