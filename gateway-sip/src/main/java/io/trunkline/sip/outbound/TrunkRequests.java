package io.trunkline.sip.outbound;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The trunk's requests in the dialogs of outbound calls, once {@link SipDialer} found their {@link UacCall}: an ACK
 * needs nothing, a BYE is answered 200 and ends the call, a re-INVITE or UPDATE is answered by the call (a refresh,
 * or new media), anything else gets 405. Runs on the stack thread that got the request, as the UAS answers its own.
 */
final class TrunkRequests {
    private final SipDialer dialer;

    TrunkRequests(SipDialer dialer) {
        this.dialer = dialer;
    }

    /** Answers {@code event}, a request in the dialog of {@code call}. */
    void onRequest(UacCall call, RequestEvent event, long nanos) throws Exception {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return;
        }
        ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
                : dialer.provider().getNewServerTransaction(request);
        switch (method) {
            case Request.BYE -> {
                tx.sendResponse(dialer.messages().response(request, Response.OK));
                call.byeReceived(nanos);
            }
            case Request.INVITE, Request.UPDATE -> call.reoffered(tx, request);
            default -> tx.sendResponse(dialer.messages().response(request, Response.METHOD_NOT_ALLOWED));
        }
    }
}
