package io.trunkline.sip.outbound;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.uas.ClientDialogs;
import io.trunkline.sip.uas.SerialExecutor;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound call on the SIP side (RFC 3261 UAC), as a state machine: the INVITE with our offer, the provisional
 * responses reported, the 2xx acknowledged and its SDP answer read, CANCEL or BYE when the bridge hangs up (a 2xx that
 * crosses our CANCEL is acknowledged and ended with BYE), and the trunk's BYE. It decides, and its parts act:
 * {@link DigestRetry} answers one digest challenge, {@link InviteCancel} cancels the unanswered INVITE, {@link UacSdp}
 * writes our offer and reads the trunk's SDP, {@link UacSender} sends ACK and BYE. State changes are made under the
 * lock, on stack threads or the bridge's thread; sends run on the call's {@link SerialExecutor}, without the lock, and
 * the bridge hears of each event once through its {@link OutboundEvents}.
 */
final class UacCall implements OutboundLeg, ClientDialogs.Owner {
    private static final Logger log = LoggerFactory.getLogger(UacCall.class);

    private enum State { CALLING, PROCEEDING, ANSWERED, BYE_SENT, ENDED }

    private final SipDialer dialer;
    private final String callId;
    private final String localTag = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final OutboundInvite invite;
    private final OutboundEvents events;
    private final UacSender sender;
    private final UacSdp sdp;
    private final DigestRetry digest;
    private final InviteCancel cancel;

    // guarded by this
    private State state = State.CALLING;

    UacCall(SipDialer dialer, String callId, OutboundInvite invite, OutboundEvents events) {
        this.dialer = dialer;
        this.callId = callId;
        this.invite = invite;
        this.events = events;
        this.sender = new UacSender(dialer, invite.callId());
        this.sdp = new UacSdp(dialer, invite.localRtp().getPort());
        this.digest = new DigestRetry(this, dialer.messages(), dialer.credentials(), invite.callId());
        this.cancel = new InviteCancel(dialer.provider(), invite.callId());
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    /** Our From-tag: requests of the trunk carrying it as To-tag belong to this call. */
    String localTag() {
        return localTag;
    }

    /** Sends the first INVITE, off the caller's thread. */
    void start() {
        sender.submit(() -> {
            try {
                send(dialer.messages().invite(callId, localTag, invite.to(), invite.from(), sdp.offer()));
                events.onInviteSent(System.nanoTime());
            } catch (Exception e) {
                log.warn("could not send the INVITE of {} to the trunk: {}", invite.callId(), e.toString());
                fail(Response.SERVER_INTERNAL_ERROR, "INVITE not sent: " + e.getMessage());
            }
        });
    }

    /** Sends {@code request}, an INVITE of this call, in a new transaction and dialog that both report here. */
    void send(Request request) throws Exception {
        ClientTransaction tx = dialer.provider().getNewClientTransaction(request);
        Dialog dialog = dialer.provider().getNewDialog(tx);
        tx.setApplicationData(this);
        dialog.setApplicationData(this);
        cancel.inviteSent(tx);
        sender.useDialog(dialog);
        tx.sendRequest();
    }

    // ---- OutboundLeg: from the bridge, any thread ----

    @Override
    public void hangup(EndReason reason) {
        boolean cancelNow = false;
        boolean byeNow = false;
        synchronized (this) {
            switch (state) {
                case CALLING, PROCEEDING -> cancelNow = cancel.hangup(reason, state == State.PROCEEDING);
                case ANSWERED -> {
                    state = State.BYE_SENT;
                    byeNow = true;
                }
                default -> {
                    return;
                }
            }
        }
        if (cancelNow) {
            sender.submit(cancel::send);
        } else if (byeNow) {
            sender.submit(() -> sendBye(reason));
        }
    }

    // ---- the trunk's answers, on stack threads ----

    @Override
    public void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        long nanos = System.nanoTime();
        if (Request.BYE.equals(method)) {
            if (status >= 200) {
                byeCompleted();
            }
            return;
        }
        if (!Request.INVITE.equals(method)) {
            return; // the answer to our CANCEL: the INVITE's 487 says the rest
        }
        if (status < 200) {
            provisional(status, nanos);
        } else if (status < 300) {
            answered(event, nanos);
        } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && retryWithCredentials(response, event.getClientTransaction(), nanos)) {
            return;
        } else {
            fail(status, response.getReasonPhrase());
        }
    }

    private void provisional(int status, long nanos) {
        boolean cancelNow;
        synchronized (this) {
            if (state != State.CALLING && state != State.PROCEEDING) {
                return;
            }
            state = State.PROCEEDING;
            cancelNow = cancel.provisionalReceived();
        }
        events.onResponse(status, nanos);
        if (cancelNow) {
            sender.submit(cancel::send);
        }
    }

    /** Answers the first challenge with credentials; false when there is none to give or it was the second. */
    private boolean retryWithCredentials(Response challenge, ClientTransaction tx, long nanos) {
        synchronized (this) {
            boolean inviting = !cancel.wanted() && (state == State.CALLING || state == State.PROCEEDING);
            if (!digest.accept(challenge.getStatusCode(), inviting)) {
                return false;
            }
            state = State.CALLING;
        }
        events.onResponse(challenge.getStatusCode(), nanos);
        Request previous = tx == null ? null : tx.getRequest();
        sender.submit(() -> digest.resend(previous, challenge));
        return true;
    }

    private void answered(ResponseEvent event, long nanos) {
        Dialog answeredDialog = event.getDialog();
        boolean first;
        boolean cancelled;
        EndReason reason;
        synchronized (this) {
            first = state == State.CALLING || state == State.PROCEEDING;
            cancelled = cancel.wanted();
            reason = cancel.reason();
            if (first) {
                state = cancelled ? State.BYE_SENT : State.ANSWERED;
            }
            if (answeredDialog != null) {
                sender.useDialog(answeredDialog);
            }
        }
        Response response = event.getResponse();
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        sender.submit(() -> sender.sendAck(cseq)); // a retransmitted 2xx is acknowledged again
        if (!first) {
            return;
        }
        if (cancelled) {
            log.info("the trunk answered {} after its CANCEL: ending it with BYE", invite.callId());
            sender.submit(() -> sendBye(reason == null ? EndReason.NO_ANSWER : reason));
            return;
        }
        SdpOffer answer = sdp.read(response.getRawContent());
        MediaOffer media = sdp.media(answer);
        if (media == null) {
            log.warn("the trunk's answer for {} is not usable ({}): BYE", invite.callId(),
                    answer.isAccepted() ? "not the SRTP suite and tag offered" : answer.problem());
            synchronized (this) {
                state = State.BYE_SENT;
            }
            sender.submit(() -> sendBye(EndReason.REJECTED_CODEC));
            events.onFailed(Response.NOT_ACCEPTABLE_HERE, "unusable SDP answer", nanos);
            return;
        }
        events.onAnswered(media, nanos);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (Request.BYE.equals(tx.getRequest().getMethod())) {
            byeCompleted();
        } else if (Request.INVITE.equals(tx.getRequest().getMethod())) {
            fail(Response.REQUEST_TIMEOUT, "no final response from the trunk");
        }
    }

    /** The stack ended the dialog: when our BYE was out, the call is over (its answer may never come). */
    @Override
    public void onDialogTerminated() {
        byeCompleted();
    }

    /** A final response that ends the INVITE without an answer. */
    void fail(int status, String reason) {
        synchronized (this) {
            if (state != State.CALLING && state != State.PROCEEDING) {
                return;
            }
            state = State.ENDED;
        }
        dialer.remove(this);
        events.onFailed(status, reason, System.nanoTime());
    }

    // ---- the trunk's requests in the dialog, on stack threads ----

    /** The trunk's BYE, already answered 200. */
    void byeReceived(long nanos) {
        boolean report;
        synchronized (this) {
            report = state == State.ANSWERED;
            if (state == State.ANSWERED || state == State.BYE_SENT) {
                state = State.ENDED;
            }
        }
        dialer.remove(this);
        if (report) {
            events.onBye(nanos);
        }
    }

    /** The trunk's re-INVITE or UPDATE: answered, and the media moved when it offers new media. */
    void reoffered(ServerTransaction tx, Request request) throws Exception {
        MediaOffer moved = sdp.answerReoffer(tx, request);
        if (moved != null) {
            events.onMediaUpdate(moved);
        }
    }

    /** Our BYE, on the call's serial executor; when it cannot leave, the call is over at once. */
    private void sendBye(EndReason reason) {
        if (!sender.sendBye(reason, this)) {
            byeCompleted();
        }
    }

    private void byeCompleted() {
        synchronized (this) {
            byeCompleted0();
        }
    }

    /** Our BYE was answered, timed out or could not be sent. Holds the lock. */
    private void byeCompleted0() {
        if (state != State.BYE_SENT) {
            return;
        }
        state = State.ENDED;
        long sent = sender.byeSentNanos();
        dialer.remove(this);
        events.onByeSent(sent == 0 ? System.nanoTime() : sent);
    }
}
