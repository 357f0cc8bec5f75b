package io.trunkline.sip.guard;

import gov.nist.javax.sip.RequestEventExt;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.SignallingObserver;
import io.trunkline.core.observe.SignallingObserver.Refusal;
import io.trunkline.sip.sdp.IpLiteral;
import java.net.InetAddress;
import java.util.ListIterator;
import java.util.Locale;
import java.util.function.LongSupplier;
import javax.sip.RequestEvent;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every request passes before it reaches call handling, cheapest first: source allowlist (every
 * request), per-source rate limit (requests that start something: INVITE, OPTIONS, ...; never ACK, BYE, CANCEL
 * or requests inside a dialog), digest authentication (initial INVITEs, when enabled). Each refusal is counted
 * through the {@link SignallingObserver} and logged at a bounded rate; credentials are never logged.
 */
public final class RequestGuard {
    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

    private final SourceAllowlist allowlist;
    private final RefusalAction onDenied;
    private final SourceRateLimiter limiter;
    private final RefusalAction onRateLimited;
    private final DigestVerifier digest;
    private final SignallingObserver observer;
    private final LogLimiter refusalLog = new LogLimiter(10_000, 10);

    /**
     * @param credentials required when {@code config.digestEnabled()}, ignored otherwise
     * @throws io.trunkline.core.config.ConfigException for an invalid allowlist entry
     * @throws IllegalArgumentException when digest is enabled without credentials
     */
    public RequestGuard(SipAccessConfig config, DigestCredentials credentials, SignallingObserver observer,
            LongSupplier nanoClock) {
        this.allowlist = SourceAllowlist.parse(config.allowlist());
        this.onDenied = config.onDenied();
        this.limiter = config.rateLimited()
                ? new SourceRateLimiter(config.ratePerSecond(), config.rateBurst(), config.rateSources(), nanoClock)
                : null;
        this.onRateLimited = config.onRateLimited();
        if (config.digestEnabled()) {
            if (credentials == null) {
                throw new IllegalArgumentException("SIP digest authentication is enabled but has no credentials");
            }
            this.digest = new DigestVerifier(config.digestRealm(), credentials,
                    NonceCodec.random(config.digestNonceTtl()));
        } else {
            this.digest = null;
        }
        this.observer = observer;
    }

    /** Whether every source is allowed (the operator should be warned). */
    public boolean isOpen() {
        return allowlist.isOpen();
    }

    public boolean authenticates() {
        return digest != null;
    }

    /** Decides about one request. Never throws for malformed input: that is a refusal, not an error. */
    public GuardVerdict check(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        InetAddress source = source(event);
        if (!allowlist.allows(source)) {
            // ACK has no response; a 403 to anything else only when the operator asked for it.
            boolean answer = onDenied == RefusalAction.REJECT && !Request.ACK.equals(method);
            return refuse(answer ? GuardVerdict.Action.FORBIDDEN : GuardVerdict.Action.DROP,
                    Refusal.SOURCE_DENIED, method, source);
        }
        boolean starts = startsSomething(request, method);
        if (limiter != null && starts && !limiter.tryAcquire(source)) {
            return refuse(onRateLimited == RefusalAction.REJECT
                    ? GuardVerdict.Action.UNAVAILABLE : GuardVerdict.Action.DROP, Refusal.RATE_LIMITED, method, source);
        }
        if (digest != null && starts && Request.INVITE.equals(method)) {
            return authenticate(request, method, source);
        }
        return GuardVerdict.PASS;
    }

    private GuardVerdict authenticate(Request request, String method, InetAddress source) {
        DigestVerifier.Result result = digest.verify(authorization(request), method);
        return switch (result) {
            case OK -> GuardVerdict.PASS;
            case MISSING -> challenge(Refusal.AUTH_CHALLENGED, false, method, source);
            case STALE -> challenge(Refusal.AUTH_STALE, true, method, source);
            case FAILED -> challenge(Refusal.AUTH_FAILED, false, method, source);
        };
    }

    private GuardVerdict challenge(Refusal reason, boolean stale, String method, InetAddress source) {
        observer.refused(reason, true);
        if (reason != Refusal.AUTH_CHALLENGED) {
            logRefusal(reason, method, source);
        }
        return GuardVerdict.challenge(reason, digest.realm(), digest.newNonce(), stale);
    }

    private GuardVerdict refuse(GuardVerdict.Action action, Refusal reason, String method, InetAddress source) {
        observer.refused(reason, action != GuardVerdict.Action.DROP);
        logRefusal(reason, method, source);
        return GuardVerdict.refuse(action, reason);
    }

    private void logRefusal(Refusal reason, String method, InetAddress source) {
        long dropped = refusalLog.tryAcquire();
        if (dropped >= 0) {
            log.warn("SIP {} from {} refused: {}{}", method, source == null ? "unknown source" : source.getHostAddress(),
                    reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), LogLimiter.dropped(dropped));
        }
    }

    /** Out-of-dialog requests other than ACK and CANCEL: what a flood is made of. */
    private static boolean startsSomething(Request request, String method) {
        if (Request.ACK.equals(method) || Request.CANCEL.equals(method) || Request.BYE.equals(method)) {
            return false;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null || to.getTag() == null;
    }

    /** The Authorization header for our realm, if any, as plain fields. */
    private DigestAuthorization authorization(Request request) {
        ListIterator<?> headers = request.getHeaders(AuthorizationHeader.NAME);
        AuthorizationHeader chosen = null;
        while (headers != null && headers.hasNext()) {
            Object h = headers.next();
            if (h instanceof AuthorizationHeader a) {
                if (chosen == null || digest.realm().equals(a.getRealm())) {
                    chosen = a;
                }
            }
        }
        if (chosen == null) {
            return null;
        }
        return new DigestAuthorization(chosen.getScheme(), chosen.getParameter("username"),
                chosen.getParameter("realm"), chosen.getParameter("nonce"), chosen.getParameter("uri"),
                chosen.getParameter("response"), chosen.getParameter("algorithm"), chosen.getParameter("qop"),
                chosen.getParameter("cnonce"), chosen.getParameter("nc"));
    }

    /** Where the request came from (the packet's source address, not anything the request claims). */
    static InetAddress source(RequestEvent event) {
        if (event instanceof RequestEventExt ext) {
            return IpLiteral.parse(ext.getRemoteIpAddress());
        }
        return null;
    }
}
