package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.record.CallParties;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call run by TwiML, in Twilio's place: asks the voice URL (then the fallback URL) what to do, before the call
 * is answered, and carries out the verbs in order. {@code <Connect><Stream>} connects a Twilio-format agent with the
 * TwiML's parameters, and the call is answered once it is ready; when the stream ends (closed by the agent, or
 * lost) the TwiML after it goes on, as on Twilio. {@code <Reject>} refuses the call (486 busy, else 603), {@code <Hangup/>} (and the end of
 * the TwiML) answers and hangs up, {@code <Pause>} waits (ringing, before answer), {@code <Redirect>} fetches the
 * next TwiML (at most {@value TwimlSettings#MAX_REDIRECTS} times), {@code <Dial>} hands the caller over through the
 * gateway's call control. When no usable TwiML comes, or it does not lead to an answer within
 * {@code twiml.setup-timeout}, the call gets {@code twiml.failure-response}. Confined to the call's loop.
 */
final class TwimlLeg implements AgentLeg, TwimlCall.Control, StreamSink.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(TwimlLeg.class);
    private static final LogLimiter LOG_GATE = new LogLimiter(10_000, 20);
    /** How long after answering for a {@code <Dial>} the transfer is asked for. */
    static final long DIAL_SETTLE_MILLIS = 300;

    private final TwimlSettings s;
    private final StreamConnectors streams;
    private final AgentSession session;
    private final CallLoop loop;
    private final EventLoop eventLoop;
    private final AgentEvents events;
    private final String accountSid;
    private final AgentSession streamSession;
    private final CallProgress progress;
    private URI documentUrl;
    private List<Verb> verbs = List.of();
    private int next;
    private long generation;
    private int redirects;
    private boolean answered;
    private boolean dialing;
    private boolean done;
    private boolean closed;
    private String endStatus;
    private AgentLeg stream;
    private StreamSink streamSink;
    private CallLoop.Cancellable pause;
    private CallLoop.Cancellable setupDeadline;

    TwimlLeg(TwimlSettings settings, StreamConnectors streams, AgentSession session, CallLoop loop,
            AgentEvents events) {
        this.s = settings;
        this.streams = streams;
        this.session = session;
        this.loop = loop;
        this.eventLoop = loop.unwrap(EventLoop.class);
        this.events = events;
        CallParties p = session.parties();
        String callSid = present(p.twilioCallSid()) ? p.twilioCallSid() : newCallSid();
        this.accountSid = present(p.twilioAccountSid()) ? p.twilioAccountSid() : settings.accountSid;
        this.progress = new CallProgress(settings, eventLoop, p, callSid, accountSid);
        // The stream is told the SIDs the application saw; its customParameters are the TwiML's, nothing else.
        this.streamSession = new AgentSession(session.callId(), new CallParties(p.sipCallId(), p.from(), p.to(),
                callSid, accountSid, p.diversion(), p.assertedIdentity(), Map.of(), p.sipTransport(),
                p.signallingEncrypted()));
    }

    /** Registers the call, reports it initiated and ringing, and asks the voice URL. Called once, on the loop. */
    void start() {
        progress.started(session.callId(), this);
        long setupMillis = s.config.setupTimeout().toMillis();
        setupDeadline = loop.schedule(this::setupExpired, setupMillis, TimeUnit.MILLISECONDS);
        fetch(new FormRequest(s.config.method(), s.voiceUrl(), params()), true, null);
    }

    // ---- AgentLeg: the call talks to the stream, when there is one ------------------------------------------

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        if (stream != null) {
            stream.sendAudio(frame);
        } // else: answered for a <Dial> or a <Hangup>, nobody listens
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        if (stream != null) {
            stream.sendDtmf(digit);
        }
    }

    @Override
    public void markPlayed(String name) {
        if (stream != null) {
            stream.markPlayed(name);
        }
    }

    /**
     * A transfer failed and the caller is still here: the stream's agent is told when it asked for it; after a
     * {@code <Dial>}, as on Twilio, the TwiML after it goes on (its end hangs up).
     */
    @Override
    public void transferFailed(String destination, String reason) {
        loop.run(() -> {
            if (stream != null) {
                stream.transferFailed(destination, reason);
            } else if (dialing && !closed && !done) {
                dialing = false;
                warn("call {}: <Dial> failed ({}); the TwiML goes on", session.callId(), reason);
                step();
            }
        });
    }

    @Override
    public void gatewayEnded() {
        loop.run(() -> {
            closeStream(true);
            finish();
        });
    }

    @Override
    public void close() {
        loop.run(() -> {
            closeStream(false);
            finish();
        });
    }

    // ---- TwimlCall.Control: the Calls resource, from any thread ----------------------------------------------

    @Override
    public void execute(TwimlDocument document) {
        loop.run(() -> {
            if (!closed && !done) {
                redirects = 0;
                run(document);
            }
        });
    }

    @Override
    public void redirect(String url, String method) {
        loop.run(() -> {
            if (!closed && !done) {
                redirects = 0;
                follow(url, method);
            }
        });
    }

    /** An answered call gets BYE; one still ringing is declined (603), not answered first. */
    @Override
    public void hangup() {
        loop.run(() -> {
            if (closed || done) {
                return;
            }
            if (answered) {
                hangupNow("hung up through the Calls resource");
            } else {
                closeStream(false);
                endStatus = "canceled";
                done = true;
                events.refused(603, "ended through the Calls resource before answer");
            }
        });
    }

    // ---- fetching TwiML ---------------------------------------------------------------------------------------

    /** Asks {@code request}'s URL for TwiML; {@code guard} null for the configured URLs. */
    private void fetch(FormRequest request, boolean fallbackAllowed, AddressGuard guard) {
        long gen = ++generation;
        Map<String, String> headers = s.authToken == null ? Map.of()
                : Map.of(RequestSignature.HEADER, request.signature(s.authToken));
        s.client.send(eventLoop, request, headers, s.config.timeout(), guard)
                .whenComplete((response, error) -> loop.run(() -> fetched(gen, request, response, error,
                        fallbackAllowed)));
    }

    private void fetched(long gen, FormRequest request, WebhookResponse response, Throwable error,
            boolean fallbackAllowed) {
        if (gen != generation || closed || done) {
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
            warn("call {}: {} {} gave no usable TwiML: {}{}", session.callId(), request.method(),
                    redacted(request.url()), problem, falling ? "; asking the fallback URL" : "");
            if (falling) {
                fetch(new FormRequest(s.config.method(), fallback, params()), false, null);
            } else {
                fail("no usable TwiML");
            }
            return;
        }
        documentUrl = request.url();
        if (!document.skipped().isEmpty()) {
            warn("call {}: skipped TwiML the gateway does not carry out: {}", session.callId(),
                    document.skipped());
        }
        run(document);
    }

    /** Carries out {@code document} from its first verb, in place of whatever ran before. */
    private void run(TwimlDocument document) {
        generation++;
        dialing = false;
        cancelPause();
        closeStream(true);
        verbs = document.verbs();
        next = 0;
        step();
    }

    /** Carries out the next verb; each either finishes the TwiML or comes back here when it is done. */
    private void step() {
        if (closed || done) {
            return;
        }
        if (next >= verbs.size()) {
            hangupNow("end of TwiML");
            return;
        }
        Verb verb = verbs.get(next++);
        if (verb instanceof Verb.ConnectStream c) {
            connect(c);
        } else if (verb instanceof Verb.Reject r) {
            reject(r);
        } else if (verb instanceof Verb.Pause p) {
            pause(p.seconds());
        } else if (verb instanceof Verb.Redirect r) {
            follow(r.url(), r.method());
        } else if (verb instanceof Verb.Dial d) {
            dial(d.destination());
        } else {
            hangupNow("TwiML <Hangup/>");
        }
    }

    private void follow(String url, String method) {
        if (++redirects > TwimlSettings.MAX_REDIRECTS) {
            warn("call {}: more than {} redirects", session.callId(), TwimlSettings.MAX_REDIRECTS);
            fail("too many redirects");
            return;
        }
        URI target;
        try {
            target = documentUrl == null ? new URI(url) : documentUrl.resolve(new URI(url));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            warn("call {}: <Redirect> to an invalid URL", session.callId());
            fail("invalid redirect URL");
            return;
        }
        fetch(new FormRequest(method, target, params()), false, s.guard);
    }

    /** Even a pause of 0 goes through the loop: thousands of them must not nest calls. */
    private void pause(int seconds) {
        long gen = generation;
        pause = loop.schedule(() -> {
            pause = null;
            if (gen == generation) {
                step();
            }
        }, seconds, TimeUnit.SECONDS);
    }

    // ---- verbs ------------------------------------------------------------------------------------------------

    private void connect(Verb.ConnectStream verb) {
        AgentConnector connector;
        try {
            connector = streams.forStream(verb, accountSid, s.authToken);
        } catch (IllegalArgumentException e) {
            warn("call {}: <Stream> cannot be connected: {}", session.callId(), e.getMessage());
            fail("unusable <Stream>");
            return;
        }
        StreamSink sink = new StreamSink(this);
        streamSink = sink;
        LOG.info("call {}: <Connect><Stream> to {} with {} parameter(s)", session.callId(),
                redacted(URI.create(verb.url())), verb.parameters().size());
        stream = connector.connect(streamSession, loop, sink);
    }

    private void reject(Verb.Reject verb) {
        if (answered) {
            hangupNow("TwiML <Reject> after answer");
            return;
        }
        endStatus = verb.sipStatus() == 486 ? "busy" : "failed";
        LOG.info("call {}: <Reject reason=\"{}\">: {}", session.callId(), verb.reason(), verb.sipStatus());
        done = true;
        events.refused(verb.sipStatus(), "TwiML <Reject>");
    }

    /**
     * Hands the caller over through the call control: before answer if it can; else (a REFER needs the dialog) the
     * call is answered first and the transfer asked for {@value #DIAL_SETTLE_MILLIS} ms later, so that the
     * caller's ACK is in before the REFER (a REFER that overtakes it confuses carriers).
     */
    private void dial(String destination) {
        TransferRequest request = new TransferRequest(destination, "TwiML <Dial>");
        if (answered) {
            transfer(request);
            return;
        }
        try {
            s.control.get().transfer(session.callId(), request, null);
            LOG.info("call {}: <Dial>: transfer requested", session.callId());
            dialing = true;
            return;
        } catch (CallControlException e) {
            if (e.kind() != CallControlException.Kind.CONFLICT) {
                warn("call {}: cannot carry out <Dial>: transfers are {} ({}); the call is refused",
                        session.callId(), e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
                fail("transfer unavailable");
                return;
            }
        }
        answer(ConnectPhases.UNKNOWN);
        long gen = generation;
        pause = loop.schedule(() -> {
            pause = null;
            if (gen == generation && !closed && !done) {
                transfer(request);
            }
        }, DIAL_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks for the transfer of the answered call; a refusal hangs up, as a failed {@code <Dial>} would. */
    private void transfer(TransferRequest request) {
        try {
            s.control.get().transfer(session.callId(), request, null);
            LOG.info("call {}: <Dial>: transfer requested", session.callId());
            dialing = true;
        } catch (CallControlException e) {
            warn("call {}: cannot carry out <Dial>: {} ({}); hanging up", session.callId(),
                    e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            done = true;
            events.hangup("transfer refused");
        }
    }

    /** As Twilio does, a call that is not answered yet is answered, then hung up. */
    private void hangupNow(String reason) {
        closeStream(true);
        if (!answered) {
            answer(ConnectPhases.UNKNOWN);
        }
        if (!closed && !done) {
            LOG.info("call {}: hanging up: {}", session.callId(), reason);
            done = true;
            events.hangup(reason);
        }
    }

    /** The TwiML failed: before answer the configured response, after it a hang-up. */
    private void fail(String reason) {
        closeStream(false);
        if (answered) {
            hangupNow(reason);
            return;
        }
        endStatus = "failed";
        done = true;
        events.refused(s.config.failureResponse(), reason);
    }

    private void setupExpired() {
        setupDeadline = null;
        if (!answered && !closed && !done) {
            warn("call {}: the TwiML did not lead to an answer within {} ms", session.callId(),
                    s.config.setupTimeout().toMillis());
            fail("TwiML set-up timed out");
        }
    }

    private void answer(ConnectPhases phases) {
        answered = true;
        if (setupDeadline != null) {
            setupDeadline.cancel();
            setupDeadline = null;
        }
        progress.answered();
        events.ready(phases);
    }

    private void closeStream(boolean tellAgent) {
        AgentLeg leg = stream;
        stream = null;
        streamSink = null;
        if (leg != null) {
            if (tellAgent) {
                leg.gatewayEnded();
            } else {
                leg.close();
            }
        }
    }

    private void cancelPause() {
        if (pause != null) {
            pause.cancel();
            pause = null;
        }
    }

    private void finish() {
        if (closed) {
            return;
        }
        closed = true;
        generation++;
        cancelPause();
        if (setupDeadline != null) {
            setupDeadline.cancel();
        }
        progress.ended(answered ? "completed" : endStatus != null ? endStatus : "canceled");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The parameters of a request about this call, with its status now. */
    private Map<String, String> params() {
        return progress.params(answered ? "in-progress" : "ringing");
    }

    private static String newCallSid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "CA" + String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** URLs may carry tokens: scheme and host only in logs. */
    private static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost();
    }

    private static void warn(String format, Object... args) {
        long skipped = LOG_GATE.tryAcquire();
        if (skipped >= 0) {
            LOG.warn(format + LogLimiter.dropped(skipped), args);
        }
    }

    // ---- StreamSink.Owner: what the current stream's leg reports -----------------------------------------------

    @Override
    public boolean current(StreamSink sink) {
        return streamSink == sink && !closed;
    }

    @Override
    public AgentEvents call() {
        return events;
    }

    @Override
    public void streamReady(ConnectPhases phases) {
        if (!answered) {
            answer(phases);
        }
    }

    /** The stream agent closed normally: as on Twilio, the TwiML after the {@code <Connect>} goes on. */
    @Override
    public void streamEnded(String reason) {
        stream = null;
        streamSink = null;
        LOG.info("call {}: the stream ended ({}); the TwiML goes on", session.callId(), reason);
        step();
    }

    /**
     * Before answer the call cannot be set up: the call decides (503, or the agent's fallback URI). After it, as on
     * Twilio, a stream that breaks ends the {@code <Connect>} and the TwiML after it goes on (the end of the TwiML
     * hangs up), so a lost stream never makes the call ask the voice URL again.
     */
    @Override
    public void streamFailed(AgentFailure failure) {
        stream = null;
        streamSink = null;
        if (answered) {
            warn("call {}: the stream failed ({}: {}); the TwiML goes on", session.callId(), failure.kind(),
                    failure.message());
            step();
            return;
        }
        done = true;
        endStatus = "failed";
        events.failed(failure);
    }
}
