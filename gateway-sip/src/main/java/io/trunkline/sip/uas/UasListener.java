package io.trunkline.sip.uas;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.sip.guard.GuardVerdict;
import io.trunkline.sip.guard.RequestGuard;
import java.time.Instant;
import java.util.concurrent.Executor;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.Transaction;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The stack's listener: passes every request through the {@link RequestGuard} (allowlist, rate limit, digest) and
 * the UAS checks of RFC 3261 8.2 ({@link RequestChecks}), then dispatches it by method and turns responses, timeouts and terminations into
 * call events. Runs on the stack's threads and never blocks; nothing thrown here reaches the stack.
 */
public final class UasListener implements SipListenerExt {
    private static final Logger log = LoggerFactory.getLogger(UasListener.class);

    private final UasContext ctx;
    private final InviteProcessor invites;
    private final DialogRequests dialogs;
    private final OtherRequests others;
    private final RequestGuard guard;
    private final GuardRefusals refusals;
    private final ClientDialogs own;
    private final LogLimiter badInputLog = new LogLimiter(10_000, 10);

    /**
     * @param sipHost       host or IP written into Contact headers
     * @param sipPort       port written into Contact headers
     * @param tlsPort       port written into Contact headers of requests that came over TLS
     * @param mediaAddress  address written into SDP answers
     * @param sendPool      runs the legs' sends off the caller's thread
     * @param guard         decides which requests are refused before dispatch
     */
    public UasListener(SipProvider provider, MessageFactory messages, HeaderFactory headers,
            AddressFactory addresses, String sipHost, int sipPort, int tlsPort, String mediaAddress, CallRegistry registry,
            InboundCallHandler handler, Executor sendPool, RequestGuard guard) {
        this(provider, messages, headers, addresses, sipHost, sipPort, tlsPort, mediaAddress, registry, handler,
                sendPool, guard, ClientDialogs.NONE);
    }

    /** A listener that also serves the dialogs the gateway started itself ({@code own}: outbound calls). */
    public UasListener(SipProvider provider, MessageFactory messages, HeaderFactory headers,
            AddressFactory addresses, String sipHost, int sipPort, int tlsPort, String mediaAddress, CallRegistry registry,
            InboundCallHandler handler, Executor sendPool, RequestGuard guard, ClientDialogs own) {
        this.own = own;
        Responses responses = new Responses(messages, headers, addresses, sipHost, sipPort, tlsPort);
        this.ctx = new UasContext(provider, responses, registry, handler, sendPool, mediaAddress);
        this.invites = new InviteProcessor(ctx);
        this.dialogs = new DialogRequests(ctx);
        this.others = new OtherRequests(ctx);
        this.guard = guard;
        this.refusals = new GuardRefusals(ctx);
    }

    @Override
    public void processRequest(RequestEvent event) {
        long nanos = System.nanoTime();
        Instant at = Instant.now();
        Request request = event.getRequest();
        String callId = Transactions.callId(request);
        MDC.put("sipCallId", callId);
        try {
            GuardVerdict verdict = guard.check(event);
            if (!verdict.passes()) {
                refusals.answer(event, verdict);
                return;
            }
            if (!request.getMethod().equals(Request.ACK)
                    && !RequestChecks.supplyMaxForwards(request, ctx.responses().headers())) {
                refusals.missingHeader(event, MaxForwardsHeader.NAME);
                return;
            }
            if (request.getMethod().equals(Request.INVITE) && request.getHeader(ContactHeader.NAME) == null) {
                // Without a Contact there is no remote target to end the call with (RFC 3261 8.1.1.8).
                refusals.missingHeader(event, ContactHeader.NAME);
                return;
            }
            RequestChecks.Refusal refusal = RequestChecks.check(request);
            if (refusal != null) {
                refusals.refuse(event, refusal);
            } else {
                dispatch(event, request.getMethod(), nanos, at);
            }
        } catch (Exception e) {
            long dropped = badInputLog.tryAcquire();
            if (dropped >= 0) {
                log.warn("{} for {} failed: {}{}", request.getMethod(), callId, e.toString(),
                        LogLimiter.dropped(dropped));
                log.debug("cause", e);
            }
        } finally {
            MDC.remove("sipCallId");
        }
    }

    private void dispatch(RequestEvent event, String method, long nanos, Instant at) throws Exception {
        if (Transactions.toTag(event.getRequest()) != null && own.onRequest(event, nanos)) {
            return; // a request in a dialog the gateway started (an outbound call)
        }
        switch (method) {
            case Request.INVITE -> {
                if (Transactions.toTag(event.getRequest()) == null) {
                    invites.onInitialInvite(event, nanos, at);
                } else {
                    dialogs.onReInvite(event);
                }
            }
            case Request.ACK -> dialogs.onAck(event, nanos);
            case Request.BYE -> dialogs.onBye(event, nanos);
            case Request.CANCEL -> dialogs.onCancel(event, nanos);
            case Request.UPDATE -> dialogs.onUpdate(event);
            case Request.NOTIFY -> dialogs.onNotify(event);
            case Request.OPTIONS -> others.onOptions(event);
            default -> others.onUnsupported(event);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx != null && tx.getApplicationData() instanceof ClientDialogs.Owner owner) {
            owner.onResponse(event);
        } else if (tx == null && event.getDialog() != null
                && event.getDialog().getApplicationData() instanceof ClientDialogs.Owner owner) {
            owner.onResponse(event); // a 2xx retransmission after its transaction ended
        } else if (tx != null && tx.getApplicationData() instanceof SipCall call
                && event.getResponse().getStatusCode() >= 200) {
            call.byeCompleted();
        } else if (tx != null && tx.getApplicationData() instanceof SessionRefresher.Refresh refresh) {
            refresh.refresher().answered(refresh, event.getResponse());
        } else if (tx != null && tx.getApplicationData() instanceof ReferSender.Refer refer) {
            ReferSender.answered(refer, event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        Transaction tx = event.isServerTransaction() ? event.getServerTransaction() : event.getClientTransaction();
        if (tx instanceof ClientTransaction client && tx.getApplicationData() instanceof ClientDialogs.Owner owner) {
            owner.onTimeout(client);
        } else if (tx != null && tx.getApplicationData() instanceof SipCall call) {
            if (event.isServerTransaction()) {
                call.ackTimedOut();
            } else {
                call.byeCompleted();
            }
        } else if (tx != null && tx.getApplicationData() instanceof SessionRefresher.Refresh refresh) {
            refresh.refresher().timedOut(refresh);
        } else if (tx != null && tx.getApplicationData() instanceof ReferSender.Refer refer) {
            ReferSender.timedOut(refer);
        }
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        Dialog dialog = event.getDialog();
        if (dialog != null && dialog.getApplicationData() instanceof SipCall call) {
            if (event.getReason() == DialogTimeoutEvent.Reason.AckNotReceived) {
                call.ackTimedOut();
            } else {
                log.debug("dialog timeout {} for {}", event.getReason(), call.callId());
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        long dropped = badInputLog.tryAcquire();
        if (dropped >= 0) {
            log.info("SIP I/O error towards {}:{}/{}{}", event.getHost(), event.getPort(), event.getTransport(),
                    LogLimiter.dropped(dropped));
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            ClientTransaction tx = event.getClientTransaction();
            if (tx != null && tx.getApplicationData() instanceof SipCall call) {
                call.byeCompleted(); // no-op when its response already completed it
            }
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            tx.setApplicationData(null); // the transaction table may hold it a while longer
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        Dialog dialog = event.getDialog();
        if (dialog != null && dialog.getApplicationData() instanceof SipCall call) {
            call.dialogTerminated();
            dialog.setApplicationData(null);
        } else if (dialog != null && dialog.getApplicationData() instanceof ClientDialogs.Owner owner) {
            owner.onDialogTerminated();
            dialog.setApplicationData(null);
        }
    }
}
