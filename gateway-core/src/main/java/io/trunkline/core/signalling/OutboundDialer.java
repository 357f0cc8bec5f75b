package io.trunkline.core.signalling;

/**
 * Places calls through the termination trunk. Implemented by the SIP adapter (a UAC on the same stack as the
 * UAS); the call bridge drives it. {@link #dial} returns at once: the INVITE goes out on the adapter's threads and
 * its progress comes back through the {@link OutboundEvents}.
 */
public interface OutboundDialer {

    /**
     * Sends an INVITE for {@code invite} to the trunk: our SDP offer (PCMU, PCMA, telephone-event) with
     * {@code invite.localRtp()}, digest credentials on a 401/407 (once), provisional and final responses reported
     * to {@code events}, the 2xx acknowledged. The returned leg cancels or ends the call.
     */
    OutboundLeg dial(OutboundInvite invite, OutboundEvents events);
}
