package io.trunkline.sip.uas;

import io.trunkline.core.call.EndReason;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.uas.session.SessionTimer;
import io.trunkline.sip.uas.session.SessionTimerHeaders;
import java.util.concurrent.RejectedExecutionException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call sends of its own accord: the responses to its INVITE (180, 200 with the SDP answer, 302, the
 * refusals, 487 after a CANCEL) and its BYE. Sends run on the call's {@link SerialExecutor}, in the order
 * submitted, so that whoever drives the call never waits for socket I/O and a 180 never overtakes the 200 queued
 * after it. A failed send is logged, never thrown.
 */
final class CallSender {
    private static final Logger log = LoggerFactory.getLogger(CallSender.class);

    private final UasContext ctx;
    private final ServerTransaction inviteTx;
    private final Request invite;
    private final Dialog dialog;
    private final String callId;
    private final String localTag;
    private final SerialExecutor serial;
    private volatile long byeSentNanos;

    /** @param localTag our To-tag, on every response to the INVITE */
    CallSender(UasContext ctx, ServerTransaction inviteTx, Dialog dialog, String callId, String localTag) {
        this.ctx = ctx;
        this.inviteTx = inviteTx;
        this.invite = inviteTx.getRequest();
        this.dialog = dialog;
        this.callId = callId;
        this.localTag = localTag;
        this.serial = new SerialExecutor(ctx.sendPool());
    }

    /** Runs {@code send} on the call's serial executor; false when the server no longer takes work. */
    boolean submit(Runnable send) {
        try {
            serial.execute(send);
            return true;
        } catch (RejectedExecutionException e) {
            log.warn("SIP send for {} refused: {}", callId, e.getMessage());
            return false;
        }
    }

    /** 180 Ringing. */
    void sendRinging() {
        send(180, null, response -> { });
    }

    /** 200 with our SDP answer, and the Session-Expires of {@code timer} (null: no session timer). */
    void sendAnswer(String sdp, SessionTimer timer) {
        send(200, null, response -> {
            ctx.responses().addAllow(response);
            ctx.responses().setSdp(response, sdp);
            SessionTimerHeaders.addToAnswer(ctx.responses().headers(), response, timer);
        });
    }

    /** 487 Request Terminated, after a CANCEL (or a BYE) of the unanswered INVITE. */
    void sendCancelled() {
        send(487, null, response -> { });
    }

    /**
     * A final refusal (300-699). A refusal of the offer explains itself ({@link OfferRefusal}); a 422 names the
     * Min-SE of {@code timer}.
     *
     * @param reason  the reason phrase, null for the standard one
     * @param offer   the INVITE's offer
     */
    void sendRejection(int status, String reason, int retryAfterSeconds, SessionTimer timer, SdpOffer offer) {
        send(status, OfferRefusal.reasonPhrase(offer, status, reason), response -> {
            if (status == 415 || status == 488) {
                OfferRefusal.describe(ctx.responses(), response, offer);
            } else if (status == 422) {
                int minSe = timer == null ? 90 : timer.seconds();
                SessionTimerHeaders.addMinSe(ctx.responses().headers(), response, minSe);
            }
            ctx.responses().addRetryAfter(response, retryAfterSeconds);
        });
    }

    /** 302 to the INVITE, with {@code target} as the Contact. */
    void sendRedirect(String target) {
        send(302, "Moved Temporarily", response -> ctx.responses().addRedirectContact(response, target));
    }

    /**
     * BYE in the dialog, with an RFC 3326 Reason; its transaction carries {@code call}, which its answer or timeout
     * reaches. False when it could not be sent.
     */
    boolean sendBye(EndReason reason, SipCall call) {
        try {
            Request bye = dialog.createRequest(Request.BYE);
            bye.addHeader(ctx.responses().reason(reasonCause(reason), reason.description()));
            ClientTransaction tx = ctx.provider().getNewClientTransaction(bye);
            tx.setApplicationData(call);
            byeSentNanos = System.nanoTime();
            dialog.sendRequest(tx);
            return true;
        } catch (Exception e) {
            log.warn("could not send BYE for {}: {}", callId, e.toString());
            return false;
        }
    }

    /** When our BYE left ({@link System#nanoTime()}), or 0 when none did. */
    long byeSentNanos() {
        return byeSentNanos;
    }

    /**
     * The SIP status that best names why the gateway hangs up (RFC 3326 cause): 408 when the caller went silent or
     * unresponsive, 503 on shutdown, 200 for an ordinary end.
     */
    static int reasonCause(EndReason reason) {
        return switch (reason) {
            case RTP_INACTIVITY, NO_ACK, SESSION_EXPIRED, SESSION_REFRESH_FAILED -> 408;
            case SHUTDOWN -> 503;
            default -> 200;
        };
    }

    /** Headers that one kind of response adds. */
    private interface Completion {
        void complete(Response response) throws Exception;
    }

    private void send(int status, String reason, Completion completion) {
        try {
            Response response = ctx.responses().create(invite, status, reason);
            Responses.setToTag(response, localTag);
            if (status < 300) {
                ctx.responses().addContact(response, invite);
            }
            completion.complete(response);
            inviteTx.sendResponse(response);
        } catch (Exception e) {
            log.warn("could not send {} for {}: {}", status, callId, e.toString());
        }
    }
}
