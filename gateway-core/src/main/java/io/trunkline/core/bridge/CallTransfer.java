package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.control.TransferMode;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.SignallingLeg;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call's blind transfer by SIP REFER: asks the carrier to take the caller elsewhere, follows its answers (202,
 * then NOTIFYs whose sipfrag says how the transfer went) against {@code transfer.notify-timeout}, and tells the
 * call the outcome: {@link Outcome#transferred()} once the target answered, {@link Outcome#failed} when the REFER
 * was refused, the transfer failed or no final word came in time (the caller then stays with the agent). Holds the
 * summary the call record shows. Confined to the call's loop, except {@link #claim()}.
 */
final class CallTransfer {

    /** What the call does about the outcome. */
    interface Outcome {
        /** The caller is with the transfer target: the gateway leaves the call. */
        void transferred();

        /** The transfer did not happen: the caller is still with the agent, who should hear why. */
        void failed(String destination, String why);
    }

    private enum State { IDLE, REFERRING, ACCEPTED }

    private final CallLoop loop;
    private final CallLog log;
    private final TransferConfig config;
    private final SignallingLeg signalling;
    private final CallObserver observer;
    private final Outcome outcome;
    private final AtomicBoolean busy = new AtomicBoolean();

    private State state = State.IDLE;
    private CallLoop.Cancellable deadline;
    private TransferTrigger trigger;
    private TransferRequest request;
    private TransferMode mode;
    private String referTo;
    private Instant requestedAt;
    private long requestedNanos;
    private long acceptedNanos;
    private int attempts;
    private TransferSummary summary;

    CallTransfer(CallLoop loop, CallLog log, TransferConfig config, SignallingLeg signalling, CallObserver observer,
            Outcome outcome) {
        this.loop = loop;
        this.log = log;
        this.config = config;
        this.signalling = signalling;
        this.observer = observer;
        this.outcome = outcome;
    }

    /** Reserves the call for one transfer, from any thread: false while another one is under way. */
    boolean claim() {
        return busy.compareAndSet(false, true);
    }

    /** Gives back a claim that did not lead to a transfer. */
    void release() {
        if (state == State.IDLE) {
            busy.set(false);
        }
    }

    /** Whether the caller's audio is held back from the agent: the carrier accepted the transfer. */
    boolean holdsCallerAudio() {
        return state == State.ACCEPTED;
    }

    /** Starts a transfer {@link #claim() claimed} before. */
    void start(TransferRequest req, TransferMode how, TransferTrigger who) {
        trigger = who;
        request = req;
        mode = how;
        referTo = null;
        requestedAt = Instant.now();
        requestedNanos = System.nanoTime();
        acceptedNanos = 0;
        attempts++;
        log.info("transfer to {} asked for by {} ({}){}", req.destination(), who.tag(), tag(how),
                req.reason().isEmpty() ? "" : ": " + req.reason());
        if (how == TransferMode.BRIDGE) {
            finish("failed", 0, "bridged transfer is not available yet");
            return;
        }
        referTo = TransferTarget.referTo(req.destination(), config);
        if (referTo == null) {
            finish("failed", 0, "not a phone number (E.164) or SIP URI");
            return;
        }
        state = State.REFERRING;
        deadline = loop.schedule(this::timedOut, config.notifyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            signalling.refer(referTo, config.referredBy());
        } catch (UnsupportedOperationException e) {
            finish("failed", 0, e.getMessage());
        }
    }

    /** The carrier answered the REFER 202: from now on the agent no longer hears the caller. */
    void accepted() {
        if (state != State.REFERRING) {
            return;
        }
        state = State.ACCEPTED;
        acceptedNanos = System.nanoTime();
        log.info("transfer to {} accepted by the carrier ({} ms)", request.destination(), millis(acceptedNanos));
    }

    /** A NOTIFY's sipfrag status. */
    void progress(int status, String reason, boolean terminated) {
        if (state == State.IDLE) {
            return;
        }
        if (state == State.REFERRING) {
            accepted(); // the NOTIFY overtook the 202
        }
        if (status >= 200 && status < 300) {
            finish("transferred", status, reason);
        } else if (status >= 300) {
            finish("failed", status, reason);
        } else if (terminated) {
            finish("failed", status, "the carrier ended the transfer without a final status");
        } else {
            log.debug("transfer to {}: {} {}", request.destination(), status, reason);
        }
    }

    /** The REFER was refused, unanswered (408) or not sent (0). */
    void refused(int status, String reason) {
        if (state != State.REFERRING) {
            return;
        }
        finish("refused", status, reason);
    }

    /** The call ends: a transfer still under way is abandoned. */
    void callEnded() {
        if (state != State.IDLE) {
            cancelDeadline();
            state = State.IDLE;
            record("abandoned", 0, "the call ended first");
        }
    }

    /** The last transfer asked for during the call, or null when there was none. */
    TransferSummary summary() {
        return summary;
    }

    private void timedOut() {
        deadline = null;
        if (state != State.IDLE) {
            finish("timeout", 0, "no final NOTIFY within " + config.notifyTimeout().toMillis() + " ms");
        }
    }

    private void finish(String result, int status, String reason) {
        cancelDeadline();
        state = State.IDLE;
        record(result, status, reason);
        busy.set(false);
        if (result.equals("transferred")) {
            log.info("transfer to {} completed ({} {}, {} ms)", request.destination(), status, reason,
                    millis(System.nanoTime()));
            outcome.transferred();
            return;
        }
        String why = status > 0 ? status + " " + reason : reason;
        if (result.equals("refused") && config.bridgeFallback()) {
            why += "; bridged transfer is not available yet";
        }
        log.warn("transfer to {} {}: {}; the call stays with the agent", request.destination(), result, why);
        outcome.failed(request.destination(), why.trim());
    }

    private void record(String result, int status, String reason) {
        long now = System.nanoTime();
        summary = new TransferSummary(trigger.tag(), request.destination(), referTo, tag(mode), result, status,
                reason, attempts, requestedAt, acceptedNanos == 0 ? null : (acceptedNanos - requestedNanos) / 1e6,
                (now - requestedNanos) / 1e6);
        observer.transferEnded(tag(mode), result);
    }

    private long millis(long nanos) {
        return (nanos - requestedNanos) / 1_000_000;
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    private static String tag(TransferMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
