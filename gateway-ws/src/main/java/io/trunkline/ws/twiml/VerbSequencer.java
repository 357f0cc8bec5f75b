package io.trunkline.ws.twiml;

import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.loop.CallLoop;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one call's TwiML, verb after verb: {@code <Connect><Stream>} and {@code <Dial>} through their phases,
 * {@code <Reject>} refuses (486 busy, else 603), {@code <Hangup/>} and the end of the TwiML answer and hang up,
 * {@code <Pause>} waits, {@code <Redirect>} fetches the next TwiML (at most {@value TwimlSettings#MAX_REDIRECTS}
 * times). TwiML that fails gets {@code twiml.failure-response} before answer, a hang-up after. Confined to the call's
 * loop.
 */
final class VerbSequencer implements TwimlFetcher.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(VerbSequencer.class);

    private final TwimlSettings s;
    private final String callId;
    private final CallLoop loop;
    private final LegState state;
    private final StreamPhase stream;
    private final DialPhase dial;
    private final TwimlFetcher fetcher;
    private URI documentUrl;
    private List<Verb> verbs = List.of();
    private int next;
    private int redirects;
    private CallLoop.Cancellable pause;

    VerbSequencer(TwimlSettings settings, String callId, CallLoop loop, LegState state, StreamPhase stream,
            DialPhase dial) {
        this.s = settings;
        this.callId = callId;
        this.loop = loop;
        this.state = state;
        this.stream = stream;
        this.dial = dial;
        this.fetcher = new TwimlFetcher(settings, callId, loop, state, this);
    }

    /** Asks the voice URL for the call's first TwiML. */
    void start() {
        fetcher.fetchVoiceUrl();
    }

    /** The Calls resource's TwiML replaces the call's. */
    void replace(TwimlDocument document) {
        if (state.active()) {
            redirects = 0;
            run(document);
        }
    }

    /** The Calls resource's URL is asked for the call's TwiML. */
    void redirect(String url, String method) {
        if (state.active()) {
            redirects = 0;
            follow(url, method);
        }
    }

    /** The Calls resource ends the call: an answered call is hung up; one still ringing is declined (603). */
    void end() {
        if (!state.active()) {
            return;
        }
        if (state.answered()) {
            hangupNow("hung up through the Calls resource");
        } else {
            stream.close(false);
            state.refuse(603, "canceled", "ended through the Calls resource before answer");
        }
    }

    /** Carries out the next verb; each either finishes the TwiML or comes back here when it is done. */
    void step() {
        if (!state.active()) {
            return;
        }
        if (next >= verbs.size()) {
            hangupNow("end of TwiML");
            return;
        }
        Verb verb = verbs.get(next++);
        if (verb instanceof Verb.ConnectStream c) {
            if (!stream.connect(c)) {
                fail("unusable <Stream>");
            }
        } else if (verb instanceof Verb.Reject r) {
            reject(r);
        } else if (verb instanceof Verb.Pause p) {
            pause(p.seconds());
        } else if (verb instanceof Verb.Redirect r) {
            follow(r.url(), r.method());
        } else if (verb instanceof Verb.Dial d) {
            if (!dial.dial(d.destination())) {
                fail("transfer unavailable");
            }
        } else {
            hangupNow("TwiML <Hangup/>");
        }
    }

    /** The call did not get an answer in time. */
    void setupExpired() {
        fail("TwiML set-up timed out");
    }

    /** The call is over: nothing waits any more. */
    void stop() {
        cancelPause();
        dial.cancel();
    }

    @Override
    public void fetched(URI url, TwimlDocument document) {
        documentUrl = url;
        run(document);
    }

    @Override
    public void noTwiml() {
        fail("no usable TwiML");
    }

    /** Carries out {@code document} from its first verb, in place of whatever ran before. */
    private void run(TwimlDocument document) {
        state.nextGeneration();
        dial.cancel();
        cancelPause();
        stream.close(true);
        verbs = document.verbs();
        next = 0;
        step();
    }

    private void follow(String url, String method) {
        if (++redirects > TwimlSettings.MAX_REDIRECTS) {
            TwimlLog.warn(LOG, "call {}: more than {} redirects", callId, TwimlSettings.MAX_REDIRECTS);
            fail("too many redirects");
            return;
        }
        URI target;
        try {
            target = documentUrl == null ? new URI(url) : documentUrl.resolve(new URI(url));
        } catch (URISyntaxException | IllegalArgumentException e) {
            TwimlLog.warn(LOG, "call {}: <Redirect> to an invalid URL", callId);
            fail("invalid redirect URL");
            return;
        }
        fetcher.fetchRedirect(new FormRequest(method, target, state.params()));
    }

    /** Even a pause of 0 goes through the loop: thousands of them must not nest calls. */
    private void pause(int seconds) {
        long gen = state.generation();
        pause = loop.schedule(() -> {
            pause = null;
            if (gen == state.generation()) {
                step();
            }
        }, seconds, TimeUnit.SECONDS);
    }

    private void reject(Verb.Reject verb) {
        if (state.answered()) {
            hangupNow("TwiML <Reject> after answer");
            return;
        }
        LOG.info("call {}: <Reject reason=\"{}\">: {}", callId, verb.reason(), verb.sipStatus());
        state.refuse(verb.sipStatus(), verb.sipStatus() == 486 ? "busy" : "failed", "TwiML <Reject>");
    }

    /** As Twilio does, a call that is not answered yet is answered, then hung up. */
    private void hangupNow(String reason) {
        stream.close(true);
        if (!state.answered()) {
            state.answer(ConnectPhases.UNKNOWN);
        }
        state.hangup(reason);
    }

    /** The TwiML failed: before answer the configured response, after it a hang-up. */
    private void fail(String reason) {
        stream.close(false);
        if (state.answered()) {
            hangupNow(reason);
            return;
        }
        state.refuse(s.config.failureResponse(), "failed", reason);
    }

    private void cancelPause() {
        if (pause != null) {
            pause.cancel();
            pause = null;
        }
    }
}
