package io.trunkline.sip.uas;

import io.trunkline.sip.uas.session.SessionTimer;
import java.util.Set;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** OPTIONS (health probes from carriers and load balancers) and the methods we do not implement. */
final class OtherRequests {
    /** Methods we recognise but do not support: 405 with Allow. Anything else unknown is 501. */
    static final Set<String> KNOWN_UNSUPPORTED = Set.of(Request.REGISTER, Request.SUBSCRIBE, Request.MESSAGE,
            Request.INFO, Request.PRACK, Request.REFER, Request.PUBLISH);

    private final UasContext ctx;

    OtherRequests(UasContext ctx) {
        this.ctx = ctx;
    }

    /** 200 with our capabilities, or 503 while the gateway does not accept calls (draining). */
    void onOptions(RequestEvent event) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request request = event.getRequest();
        boolean accepting = ctx.handler().acceptingCalls();
        Response response = ctx.responses().create(request,
                accepting ? Response.OK : Response.SERVICE_UNAVAILABLE);
        ctx.responses().addAllow(response);
        response.addHeader(ctx.responses().headers().createAcceptHeader("application", "sdp"));
        response.addHeader(ctx.responses().headers().createHeader("Supported", SessionTimer.OPTION_TAG));
        Transactions.send(tx, response);
    }

    /** Methods the gateway does not implement: 405 (known) or 501, with Allow. */
    void onUnsupported(RequestEvent event) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request request = event.getRequest();
        int status = KNOWN_UNSUPPORTED.contains(request.getMethod())
                ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED;
        Response response = ctx.responses().create(request, status);
        ctx.responses().addAllow(response);
        Transactions.send(tx, response);
    }
}
