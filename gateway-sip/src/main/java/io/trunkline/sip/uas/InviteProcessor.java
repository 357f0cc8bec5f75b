package io.trunkline.sip.uas;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.TransactionExt;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.sip.header.CallPartiesExtractor;
import io.trunkline.sip.sdp.IpLiteral;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.uas.session.SessionTimer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new (out-of-dialog) INVITE: server transaction, {@code 100 Trying} at once, dialog, offer, parties, and the
 * hand-over to the bridge. Negotiation failures are not answered here: the bridge rejects them through the leg
 * so that every call is recorded.
 */
final class InviteProcessor {
    private static final Logger log = LoggerFactory.getLogger(InviteProcessor.class);

    private final UasContext ctx;

    InviteProcessor(UasContext ctx) {
        this.ctx = ctx;
    }

    void onInitialInvite(RequestEvent event, long receivedNanos, Instant receivedAt) throws Exception {
        Request request = event.getRequest();
        String callId = Transactions.callId(request);
        if (ctx.registry().get(callId) != null) {
            // A copy that reached us although its call exists (a retransmission racing the original, or a
            // merged request): the existing call answers, no second call is created.
            log.debug("INVITE for existing call {} ignored", callId);
            return;
        }
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        tx.sendResponse(ctx.responses().create(request, 100));
        long tryingNanos = System.nanoTime();
        Dialog dialog = ctx.provider().getNewDialog(tx);
        SdpOffer offer = OfferReader.read(request, ctx.mediaAddress(), ctx.handler().srtpMode());
        SipCall call = new SipCall(ctx, tx, dialog, callId, offer);
        SessionTimer timer = ctx.negotiateSessionTimer(request);
        call.sessionTimer(timer);
        tx.setApplicationData(call);
        dialog.setApplicationData(call);
        if (!ctx.registry().add(call)) {
            log.debug("INVITE for existing call {} ignored", callId);
            return;
        }
        if (!offer.isAccepted()) {
            log.debug("offer of {} not usable: {}", callId, offer.problem());
        }
        CallParties parties = CallPartiesExtractor.extract(request,
                tx instanceof TransactionExt ext ? ext.getTransport() : Responses.transportOf(request));
        InboundInvite invite;
        if (offer.isAccepted() && timer != null && timer.tooSmall()) {
            log.debug("session interval of {} below Min-SE {}", callId, timer.seconds());
            invite = new InboundInvite(parties, null, EndReason.REJECTED_SESSION_INTERVAL, source(event), receivedAt,
                    receivedNanos, tryingNanos);
        } else {
            invite = new InboundInvite(parties, offer.media(), offer.rejection(), source(event), receivedAt,
                    receivedNanos, tryingNanos);
        }
        CallSignals signals;
        try {
            signals = ctx.handler().onInvite(invite, call);
        } catch (RuntimeException e) {
            log.error("call handler failed for {}", callId, e);
            call.attachSignals(null);
            call.reject(500, "Server Internal Error", 0);
            return;
        }
        call.attachSignals(signals);
    }

    private static InetSocketAddress source(RequestEvent event) {
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            InetAddress address = IpLiteral.parse(ext.getRemoteIpAddress());
            if (address != null && ext.getRemotePort() > 0 && ext.getRemotePort() <= 65535) {
                return new InetSocketAddress(address, ext.getRemotePort());
            }
        }
        return null;
    }
}
