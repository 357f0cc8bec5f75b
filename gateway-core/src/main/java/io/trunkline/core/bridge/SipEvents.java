package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;

/**
 * One call's in-dialog SIP events, from the adapter's listener threads onto the call's loop: each phase is time
 * stamped for the record, what ends the call goes to its {@link CallSession}, new media to its {@link LegRelay},
 * and the carrier's answers to a REFER to its {@link TransferGate}.
 */
final class SipEvents implements CallSignals {
    private final CallLoop loop;
    private final SipTimeline sip;
    private final CallSession session;
    private final LegRelay relay;
    private final TransferGate transfer;

    SipEvents(CallLoop loop, SipTimeline sip, CallSession session, LegRelay relay, TransferGate transfer) {
        this.loop = loop;
        this.sip = sip;
        this.session = session;
        this.relay = relay;
        this.transfer = transfer;
    }

    @Override
    public void onAck(long nanos) {
        loop.run(() -> sip.ackNanos = nanos);
    }

    @Override
    public void onBye(long nanos) {
        loop.run(() -> {
            sip.byeReceivedNanos = nanos;
            session.end(EndReason.CALLER_HANGUP);
        });
    }

    @Override
    public void onCancel(long nanos) {
        session.end(EndReason.CALLER_CANCELLED);
    }

    @Override
    public void onMediaUpdate(MediaOffer offer) {
        loop.run(() -> relay.updateMedia(offer));
    }

    @Override
    public void onAckTimeout() {
        session.end(EndReason.NO_ACK);
    }

    @Override
    public void onSessionExpired() {
        session.end(EndReason.SESSION_EXPIRED);
    }

    @Override
    public void onSessionRefreshFailed() {
        session.end(EndReason.SESSION_REFRESH_FAILED); // the SIP leg logged the refresh's answer
    }

    @Override
    public void onTransferAccepted() {
        loop.run(transfer::accepted);
    }

    @Override
    public void onTransferProgress(int status, String reason, boolean terminated) {
        loop.run(() -> transfer.progress(status, reason, terminated));
    }

    @Override
    public void onTransferRefused(int status, String reason) {
        loop.run(() -> transfer.refused(status, reason));
    }

    @Override
    public void onByeSent(long nanos) {
        loop.run(() -> sip.byeSentNanos = nanos);
    }
}
