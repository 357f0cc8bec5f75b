package io.trunkline.sip.outbound;

import io.trunkline.core.call.EndReason;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CANCEL of one outbound call's INVITE (RFC 3261 section 9.1), wanted when the bridge hangs up before the trunk
 * answers (the bridge's ring timeout, or the caller gone). It leaves once, and not before the first provisional
 * response; the hang-up reason is kept for the BYE that ends a 2xx crossing it. {@link UacCall} asks for the decisions
 * under its own lock, on stack threads or the bridge's thread, and runs {@link #send()} on the call's serial executor.
 */
final class InviteCancel {
    private static final Logger log = LoggerFactory.getLogger(InviteCancel.class);

    private final SipProvider provider;
    private final String callId;

    // guarded by this
    private ClientTransaction inviteTx;
    private boolean wanted;
    private boolean sent;
    private EndReason reason;

    /** @param callId the bridge's id of the call, for the log */
    InviteCancel(SipProvider provider, String callId) {
        this.provider = provider;
        this.callId = callId;
    }

    /** The INVITE now in flight (the first, or its retry with credentials): the one a CANCEL ends. */
    synchronized void inviteSent(ClientTransaction tx) {
        inviteTx = tx;
    }

    /**
     * The bridge hung up before the answer. True when the CANCEL is to be sent now: the trunk has sent a provisional
     * response ({@code proceeding}) and no CANCEL was sent yet. Otherwise the first provisional response sends it.
     */
    synchronized boolean hangup(EndReason why, boolean proceeding) {
        wanted = true;
        reason = why;
        boolean now = proceeding && !sent;
        sent |= now;
        return now;
    }

    /** A provisional response arrived: true when the CANCEL wanted before it is to be sent now. */
    synchronized boolean provisionalReceived() {
        boolean now = wanted && !sent;
        sent |= now;
        return now;
    }

    /** Whether the bridge hung up before the answer. */
    synchronized boolean wanted() {
        return wanted;
    }

    /** Why the bridge hung up before the answer; null when it did not. */
    synchronized EndReason reason() {
        return reason;
    }

    /** Sends the CANCEL of the INVITE in flight; a failure is logged. */
    void send() {
        ClientTransaction tx;
        synchronized (this) {
            tx = inviteTx;
        }
        try {
            provider.getNewClientTransaction(tx.createCancel()).sendRequest();
        } catch (Exception e) {
            log.warn("could not cancel {}: {}", callId, e.toString());
        }
    }
}
