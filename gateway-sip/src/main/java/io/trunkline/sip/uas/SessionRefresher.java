package io.trunkline.sip.uas;

import io.trunkline.sip.uas.session.RefreshOutcome;
import io.trunkline.sip.uas.session.SessionDeadline;
import io.trunkline.sip.uas.session.SessionTimer;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 4028 session timer of one call once it is answered. When the caller refreshes, it watches for the
 * refresh and reports an expiry. When the gateway refreshes, it sends the refresh at half the interval itself:
 * an UPDATE without a body when the caller's INVITE allowed UPDATE, else a re-INVITE offering the current session
 * description unchanged (same {@code o=} version, RFC 3264 section 8), and re-arms on the 2xx. A 481, a 408 or no
 * answer ends the call; a 422 is retried with the Min-SE it names; an UPDATE refused is retried as a re-INVITE;
 * other failures are retried while the session lasts, and the call ends when it expires unrefreshed.
 */
final class SessionRefresher {
    private static final Logger log = LoggerFactory.getLogger(SessionRefresher.class);

    /** A refresh in flight, as its client transaction's application data. */
    record Refresh(SessionRefresher refresher, String method, SessionTimer timer) {
    }

    private final SipCall call;
    private final RefreshSender sender;
    private final SessionDeadline deadline;

    // guarded by this
    private SessionTimer timer;
    private boolean useUpdate;
    private boolean stopped;
    private long expiresAtNanos;
    private Refresh pending;
    private int attempt;
    private int sent;

    /**
     * @param invite the caller's INVITE: its Allow decides between UPDATE and re-INVITE, its Via the transport
     */
    SessionRefresher(UasContext ctx, SipCall call, Dialog dialog, Request invite) {
        this.call = call;
        this.sender = new RefreshSender(ctx, dialog, invite, call.callId());
        this.deadline = new SessionDeadline(ctx.provider(), call.callId());
        this.useUpdate = SessionTimer.allows(invite, Request.UPDATE);
    }

    /** The timer negotiated from the INVITE (null: none). */
    synchronized void negotiated(SessionTimer t) {
        timer = t;
    }

    /** The session timer now in force. */
    synchronized SessionTimer timer() {
        return timer;
    }

    /** The caller refreshed (re-INVITE or UPDATE answered 2xx) with {@code t} (null: it dropped the timer). */
    void peerRefreshed(SessionTimer t) {
        synchronized (this) {
            timer = t;
        }
        start();
    }

    /** Arms the timer from now: after our 2xx to the INVITE, or after any refresh. */
    void start() {
        boolean established = call.established();
        SessionTimer t;
        synchronized (this) {
            t = timer;
            if (t == null || stopped || !established) {
                deadline.cancel();
                return;
            }
            attempt = 0;
            expiresAtNanos = System.nanoTime() + t.seconds() * 1_000_000_000L;
        }
        if (t.peerRefreshes()) {
            deadline.schedule(t.expiryMillis(), call::sessionExpired);
        } else {
            deadline.schedule(t.refreshMillis(), () -> call.submit(this::send));
        }
    }

    /** The call is over: nothing more is sent or reported. */
    void stop() {
        int count;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            pending = null;
            count = sent;
        }
        deadline.cancel();
        if (count > 0) {
            log.debug("{} session refreshes sent for {}", count, call.callId());
        }
    }

    /** Sends a refresh (on the call's serial executor). */
    private void send() {
        if (!call.established()) {
            return;
        }
        SessionTimer t;
        String method;
        long remaining;
        synchronized (this) {
            if (stopped || timer == null || timer.peerRefreshes() || pending != null) {
                return;
            }
            t = timer;
            method = useUpdate ? Request.UPDATE : Request.INVITE;
            remaining = remainingMillis();
        }
        String sdp = method.equals(Request.INVITE) ? call.currentAnswer() : null;
        if (sdp == null) {
            method = Request.UPDATE; // no description to offer (cannot happen once answered): refresh without one
        }
        Refresh refresh = new Refresh(this, method, t);
        // The expiry guard is armed before the request leaves, so that a fast answer re-arms after it.
        deadline.schedule(remaining, this::expiredUnrefreshed);
        int n;
        try {
            ClientTransaction tx = sender.prepare(refresh, sdp);
            synchronized (this) {
                if (stopped) {
                    return;
                }
                pending = refresh;
                attempt++;
                n = ++sent;
            }
            sender.send(tx);
        } catch (Exception e) {
            boolean again;
            synchronized (this) {
                if (pending == refresh) {
                    pending = null;
                }
                again = ++attempt < RefreshOutcome.MAX_ATTEMPTS;
            }
            // Typically an INVITE transaction of the caller still in progress: try again shortly, a few times;
            // the expiry guard armed above ends the call if none gets through.
            log.info("could not send session refresh ({}) for {}: {}", method, call.callId(), e.toString());
            if (again && RefreshOutcome.MIN_RETRY_MILLIS * 2 < remaining) {
                deadline.schedule(RefreshOutcome.MIN_RETRY_MILLIS, () -> call.submit(this::send));
            }
            return;
        }
        log.debug("session refresh {} ({}, Session-Expires {}) sent for {}", n, method, t.refreshRequestValue(),
                call.callId());
    }

    /** The final answer to one of our refreshes (called on a stack thread). */
    void answered(Refresh refresh, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status < 300 && refresh.method().equals(Request.INVITE)) {
            call.submit(() -> sender.ack(response)); // every 2xx to an INVITE is acknowledged, whatever came since
        }
        RefreshOutcome outcome;
        synchronized (this) {
            if (pending != refresh || stopped) {
                return;
            }
            pending = null;
            outcome = RefreshOutcome.decide(refresh.method(), status,
                    SessionTimer.seconds(SessionTimer.value(response, "Min-SE", null)), retryAfter(response),
                    refresh.timer().seconds(), remainingMillis(), attempt,
                    ThreadLocalRandom.current().nextLong(2_001));
        }
        apply(refresh, outcome, response);
    }

    /** One of our refreshes timed out without a final answer. */
    void timedOut(Refresh refresh) {
        synchronized (this) {
            if (pending != refresh || stopped) {
                return;
            }
            pending = null;
        }
        apply(refresh, RefreshOutcome.unanswered(refresh.method()), null);
    }

    private void apply(Refresh refresh, RefreshOutcome outcome, Response response) {
        switch (outcome.action()) {
            case REFRESHED -> {
                SessionTimer next = refresh.timer().afterRefreshAnswer(
                        SessionTimer.value(response, "Session-Expires", "x"));
                synchronized (this) {
                    timer = next;
                }
                if (refresh.method().equals(Request.INVITE)) {
                    call.refreshAnswered(response.getRawContent());
                }
                log.debug("session of {} refreshed by {}: {}", call.callId(), refresh.method(), next.headerValue());
                start();
            }
            case RETRY_NOW, RETRY_WITH_REINVITE -> {
                synchronized (this) {
                    if (outcome.action() == RefreshOutcome.Action.RETRY_NOW) {
                        timer = timer.withSeconds(outcome.seconds());
                    } else {
                        useUpdate = false;
                    }
                }
                log.info("session refresh of {}: {}, sending again", call.callId(), outcome.detail());
                call.submit(this::send);
            }
            case RETRY_LATER -> {
                log.info("session refresh of {}: {}, retrying in {} ms", call.callId(), outcome.detail(),
                        outcome.delayMillis());
                deadline.schedule(outcome.delayMillis(), () -> call.submit(this::send));
            }
            case AWAIT_EXPIRY -> {
                long remaining;
                synchronized (this) {
                    remaining = remainingMillis();
                }
                log.warn("session refresh of {}: {}; the session expires in {} ms", call.callId(), outcome.detail(),
                        remaining);
                deadline.schedule(remaining, this::expiredUnrefreshed);
            }
            case END -> fail(outcome.detail());
        }
    }

    /** The session interval ran out while the gateway was the refresher. */
    private void expiredUnrefreshed() {
        String detail;
        synchronized (this) {
            if (stopped) {
                return;
            }
            detail = pending != null ? pending.method() + " refresh not answered before the session expired"
                    : "session not refreshed before it expired";
            pending = null;
        }
        fail(detail);
    }

    private void fail(String detail) {
        stop();
        if (call.established()) {
            log.warn("session refresh of {} failed ({}): ending the call", call.callId(), detail);
            call.refreshFailed();
        }
    }

    private long remainingMillis() {
        return Math.max(0, (expiresAtNanos - System.nanoTime()) / 1_000_000);
    }

    private static int retryAfter(Response response) {
        RetryAfterHeader h = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        return h == null ? -1 : h.getRetryAfter();
    }
}
