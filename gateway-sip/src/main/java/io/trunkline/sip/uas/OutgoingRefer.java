package io.trunkline.sip.uas;

import io.trunkline.core.signalling.CallSignals;
import java.util.Objects;

/**
 * The blind transfer of one inbound call (RFC 3515) as the bridge sees it: its request becomes a REFER that
 * {@link ReferSender} sends on the call's serial executor, and the carrier's answer, its NOTIFYs and a REFER left
 * unanswered come back as transfer events, as long as the call is established. Called by the bridge on any thread and
 * by the listener on stack threads; it never blocks.
 */
final class OutgoingRefer {
    private final SipCall call;
    private final ReferSender referrer;
    private final CallSignals signals;

    OutgoingRefer(SipCall call, ReferSender referrer, CallSignals signals) {
        this.call = call;
        this.referrer = referrer;
        this.signals = signals;
    }

    String callId() {
        return call.callId();
    }

    /** Sends a REFER to {@code referTo}; refused at once (status 0) unless the call is established and can send. */
    void refer(String referTo, String referredBy) {
        Objects.requireNonNull(referTo, "referTo");
        if (!call.established()) {
            signals.onTransferRefused(0, "the call is not established");
            return;
        }
        if (!call.submit(() -> referrer.send(this, referTo, referredBy))) {
            signals.onTransferRefused(0, "the SIP server is stopping");
        }
    }

    /** The carrier accepted our REFER (202). */
    void accepted() {
        if (call.established()) {
            signals.onTransferAccepted();
        }
    }

    /** Our REFER was refused (3xx-6xx), unanswered (408) or not sent (0). */
    void refused(int status, String reason) {
        if (call.established()) {
            signals.onTransferRefused(status, reason);
        }
    }

    /** A NOTIFY about our REFER, already answered 200: its sipfrag status, and whether it ended the subscription. */
    void notified(int status, String reason, boolean terminated) {
        if (call.established()) {
            signals.onTransferProgress(status, reason, terminated);
        }
    }
}
