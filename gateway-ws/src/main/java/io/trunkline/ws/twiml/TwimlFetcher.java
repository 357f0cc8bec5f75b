package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.observe.TwimlObserver.RequestKind;
import io.trunkline.core.observe.TwimlObserver.RequestOutcome;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a URL for one TwiML call's next TwiML, signed when there is an auth token, and parses the answer; when no
 * usable TwiML comes from the voice URL, asks the fallback URL once. Each request starts a new generation of the
 * call's TwiML, so an answer that newer TwiML overtook is dropped. Confined to the call's loop.
 */
final class TwimlFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(TwimlFetcher.class);

    /** Where the outcome goes, on the call's loop. */
    interface Listener {
        /** {@code url} answered {@code document}. */
        void fetched(URI url, TwimlDocument document);

        /** Neither the URL nor (where it applies) the fallback URL gave usable TwiML. */
        void noTwiml();
    }

    private final TwimlSettings s;
    private final String callId;
    private final CallLoop loop;
    private final EventLoop eventLoop;
    private final LegState state;
    private final Listener listener;

    TwimlFetcher(TwimlSettings settings, String callId, CallLoop loop, LegState state, Listener listener) {
        this.s = settings;
        this.callId = callId;
        this.loop = loop;
        this.eventLoop = loop.unwrap(EventLoop.class);
        this.state = state;
        this.listener = listener;
    }

    /** Asks the configured voice URL, then (if need be) the fallback URL. */
    void fetchVoiceUrl() {
        fetch(RequestKind.VOICE, new FormRequest(s.config.method(), s.voiceUrl(), state.params()), null);
    }

    /** Asks a {@code <Redirect>}'s (or the Calls resource's) URL, which the address guard vets. */
    void fetchRedirect(FormRequest request) {
        fetch(RequestKind.REDIRECT, request, s.guard);
    }

    /** Asks {@code request}'s URL, which {@code guard} vets (null for the configured URLs). */
    private void fetch(RequestKind kind, FormRequest request, AddressGuard guard) {
        long gen = state.nextGeneration();
        Map<String, String> headers = s.authToken == null ? Map.of()
                : Map.of(RequestSignature.HEADER, request.signature(s.authToken));
        s.client.send(eventLoop, request, headers, s.config.timeout(), guard)
                .whenComplete((response, error) -> loop.run(() -> fetched(gen, kind, request, response, error)));
    }

    private void fetched(long gen, RequestKind kind, FormRequest request, WebhookResponse response,
            Throwable error) {
        TwimlDocument document = null;
        String problem;
        RequestOutcome outcome;
        if (error != null) {
            problem = error instanceof WebhookException e ? e.getMessage() : error.getClass().getSimpleName();
            outcome = outcome(error);
        } else if (!response.successful()) {
            problem = "answered HTTP " + response.status();
            outcome = RequestOutcome.HTTP_ERROR;
        } else {
            try {
                document = s.parser.parse(response.body());
                problem = null;
                outcome = RequestOutcome.OK;
            } catch (TwimlException e) {
                problem = "malformed TwiML (" + e.getMessage() + ")";
                outcome = RequestOutcome.MALFORMED;
            }
        }
        s.observer.request(kind, outcome);
        if (!state.current(gen)) {
            return; // replaced by newer TwiML, or the call is over
        }
        if (document == null) {
            URI fallback = s.fallbackUrl();
            boolean falling = kind == RequestKind.VOICE && fallback != null;
            TwimlLog.warn(LOG, "call {}: {} {} gave no usable TwiML: {}{}", callId, request.method(),
                    TwimlLog.redacted(request.url()), problem, falling ? "; asking the fallback URL" : "");
            if (falling) {
                fetch(RequestKind.FALLBACK, new FormRequest(s.config.method(), fallback, state.params()), null);
            } else {
                listener.noTwiml();
            }
            return;
        }
        if (!document.skipped().isEmpty()) {
            TwimlLog.warn(LOG, "call {}: skipped TwiML the gateway does not carry out: {}", callId,
                    document.skipped());
        }
        listener.fetched(request.url(), document);
    }

    private static RequestOutcome outcome(Throwable error) {
        if (!(error instanceof WebhookException e)) {
            return RequestOutcome.HTTP_ERROR;
        }
        return switch (e.kind()) {
            case TIMEOUT -> RequestOutcome.TIMEOUT;
            case REFUSED_ADDRESS -> RequestOutcome.REFUSED_ADDRESS;
            case TOO_LARGE -> RequestOutcome.MALFORMED;
            case UNREACHABLE, FAILED -> RequestOutcome.HTTP_ERROR;
        };
    }
}
