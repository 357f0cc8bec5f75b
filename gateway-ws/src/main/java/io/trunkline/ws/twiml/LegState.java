package io.trunkline.ws.twiml;

import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.loop.CallLoop;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one TwiML call stands and how it ends: answered or not, ended towards the gateway ({@code done}: refused,
 * hung up or failed) or closed by it, its final status, its set-up deadline, and the generation of the TwiML now in
 * charge (a reply or timer of an older generation is ignored). Every ending goes through here, once. Confined to
 * the call's loop.
 */
final class LegState {
    private static final Logger LOG = LoggerFactory.getLogger(LegState.class);

    private final TwimlSettings s;
    private final String callId;
    private final CallLoop loop;
    private final AgentEvents events;
    private final CallProgress progress;
    private boolean answered;
    private boolean done;
    private boolean closed;
    private String endStatus;
    private long generation;
    private CallLoop.Cancellable setupDeadline;

    LegState(TwimlSettings settings, String callId, CallLoop loop, AgentEvents events, CallProgress progress) {
        this.s = settings;
        this.callId = callId;
        this.loop = loop;
        this.events = events;
        this.progress = progress;
    }

    /**
     * Registers the call, reports it initiated and ringing, and starts {@code twiml.setup-timeout}: when it passes
     * before an answer, {@code onSetupExpired} runs.
     */
    void start(TwimlCall.Control control, Runnable onSetupExpired) {
        progress.started(callId, control);
        long setupMillis = s.config.setupTimeout().toMillis();
        setupDeadline = loop.schedule(() -> {
            setupDeadline = null;
            if (!answered && active()) {
                TwimlLog.warn(LOG, "call {}: the TwiML did not lead to an answer within {} ms", callId,
                        setupMillis);
                onSetupExpired.run();
            }
        }, setupMillis, TimeUnit.MILLISECONDS);
    }

    boolean answered() {
        return answered;
    }

    /** Neither ended towards the gateway nor closed by it: the TwiML may still act. */
    boolean active() {
        return !closed && !done;
    }

    boolean closed() {
        return closed;
    }

    long generation() {
        return generation;
    }

    /** Newer TwiML takes over: whatever the older one waits for is ignored from now on. */
    long nextGeneration() {
        return ++generation;
    }

    /** Whether {@code gen} is still in charge of a call that may still act. */
    boolean current(long gen) {
        return gen == generation && active();
    }

    void answer(ConnectPhases phases) {
        answered = true;
        if (setupDeadline != null) {
            setupDeadline.cancel();
            setupDeadline = null;
        }
        progress.answered();
        events.ready(phases);
    }

    /** Refuses the call with {@code sipStatus}; the status callbacks report {@code finalStatus}. */
    void refuse(int sipStatus, String finalStatus, String reason) {
        endStatus = finalStatus;
        done = true;
        events.refused(sipStatus, reason);
    }

    /** Hangs up an answered call that may still act. */
    void hangup(String reason) {
        if (active()) {
            LOG.info("call {}: hanging up: {}", callId, reason);
            end(reason);
        }
    }

    /** Hangs up without a word in the log (the caller said why). */
    void end(String reason) {
        done = true;
        events.hangup(reason);
    }

    /** The stream failed before answer: the call decides what the caller gets. */
    void failed(AgentFailure failure) {
        done = true;
        endStatus = "failed";
        events.failed(failure);
    }

    /** The gateway closed the leg: reports the final status. Whether this call closed it (false when already). */
    boolean finish() {
        if (closed) {
            return false;
        }
        closed = true;
        generation++;
        if (setupDeadline != null) {
            setupDeadline.cancel();
        }
        progress.ended(answered ? "completed" : endStatus != null ? endStatus : "canceled");
        return true;
    }

    /** The parameters of a request about this call, with its status now. */
    Map<String, String> params() {
        return progress.params(answered ? "in-progress" : "ringing");
    }
}
