package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.loop.CallLoop;
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
        fetch(new FormRequest(s.config.method(), s.voiceUrl(), state.params()), true, null);
    }

    /** Asks {@code request}'s URL, which {@code guard} vets (null for the configured URLs). */
    void fetch(FormRequest request, boolean fallbackAllowed, AddressGuard guard) {
        long gen = state.nextGeneration();
        Map<String, String> headers = s.authToken == null ? Map.of()
                : Map.of(RequestSignature.HEADER, request.signature(s.authToken));
        s.client.send(eventLoop, request, headers, s.config.timeout(), guard)
                .whenComplete((response, error) -> loop.run(() -> fetched(gen, request, response, error,
                        fallbackAllowed)));
    }

    private void fetched(long gen, FormRequest request, WebhookResponse response, Throwable error,
            boolean fallbackAllowed) {
        if (!state.current(gen)) {
            return; // replaced by newer TwiML, or the call is over
        }
        TwimlDocument document = null;
        String problem;
        if (error != null) {
            problem = error instanceof WebhookException e ? e.getMessage() : error.getClass().getSimpleName();
        } else if (!response.successful()) {
            problem = "answered HTTP " + response.status();
        } else {
            try {
                document = s.parser.parse(response.body());
                problem = null;
            } catch (TwimlException e) {
                problem = "malformed TwiML (" + e.getMessage() + ")";
            }
        }
        if (document == null) {
            URI fallback = s.fallbackUrl();
            boolean falling = fallbackAllowed && fallback != null;
            TwimlLog.warn(LOG, "call {}: {} {} gave no usable TwiML: {}{}", callId, request.method(),
                    TwimlLog.redacted(request.url()), problem, falling ? "; asking the fallback URL" : "");
            if (falling) {
                fetch(new FormRequest(s.config.method(), fallback, state.params()), false, null);
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
}
