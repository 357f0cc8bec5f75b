package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.SignallingLeg;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One call's transfer to a human. By SIP REFER (blind): asks the carrier to take the caller elsewhere, follows its
 * answers (202, then NOTIFYs whose sipfrag says how the transfer went) against {@code transfer.notify-timeout}, and
 * tells the call the outcome: {@link Outcome#transferred()} once the target answered, {@link Outcome#failed} when
 * the REFER was refused, the transfer failed or no final word came in time (the caller then stays with the agent).
 * By bridging ({@code transfer.mode: bridge}, or after a refused REFER with {@code transfer.bridge-fallback}): a
 * {@link BridgedTransfer} dials the target and, once it answers, {@link Outcome#bridged()} lets the agent go while
 * the gateway relays between caller and target. Holds the summary the call record shows. Confined to the call's
 * loop, except {@link #claim()}.
 */
final class CallTransfer {

    /** What the call does about the outcome. */
    interface Outcome {
        /** The caller is with the transfer target: the gateway leaves the call. */
        void transferred();

        /** The bridged target answered: the gateway relays between caller and target; the agent leaves. */
        void bridged();

        /** The transfer did not happen: the caller is still with the agent, who should hear why. */
        void failed(String destination, String why);

        /** The bridged target hung up (or went silent): the call ends for {@code reason}. */
        void targetLeft(EndReason reason);
    }

    private enum State { IDLE, REFERRING, ACCEPTED, DIALLING, BRIDGED }

    private final CallLoop loop;
    private final CallLog log;
    private final TransferConfig config;
    private final SignallingLeg signalling;
    private final Outcome outcome;
    private final OutboundTrunk trunk;
    private final Supplier<BridgedTransfer.Context> bridging;
    private final AtomicBoolean busy = new AtomicBoolean();

    private final TransferAccount account;
    private State state = State.IDLE;
    private CallLoop.Cancellable deadline;
    private BridgedTransfer bridge;

    /**
     * @param trunk    where bridged transfers dial their target, or null when outbound calls are not configured
     * @param bridging what a bridged transfer works with, asked for when one starts (the call is answered then)
     */
    CallTransfer(CallLoop loop, CallLog log, TransferConfig config, SignallingLeg signalling, CallObserver observer,
            Outcome outcome, OutboundTrunk trunk, Supplier<BridgedTransfer.Context> bridging) {
        this.loop = loop;
        this.log = log;
        this.config = config;
        this.signalling = signalling;
        this.account = new TransferAccount(observer);
        this.outcome = outcome;
        this.trunk = trunk;
        this.bridging = bridging;
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

    /**
     * Whether the caller's audio is held back from the agent: the carrier accepted the transfer, or the caller hears
     * ring-back while the gateway dials the target.
     */
    boolean holdsCallerAudio() {
        return state == State.ACCEPTED || state == State.DIALLING;
    }

    /** Whether the agent's audio must not reach the caller: ring-back plays, or the caller is with the target. */
    boolean holdsAgentAudio() {
        return state == State.DIALLING || state == State.BRIDGED;
    }

    /** The relay between caller and target while they are bridged, else null. */
    BridgedTransfer bridge() {
        return state == State.BRIDGED ? bridge : null;
    }

    /** Starts a transfer {@link #claim() claimed} before. */
    void start(TransferRequest req, TransferMode how, TransferTrigger who) {
        account.requested(req, how, who);
        bridge = null;
        log.info("transfer to {} asked for by {} ({}){}", req.destination(), who.tag(), TransferAccount.tag(how),
                req.reason().isEmpty() ? "" : ": " + req.reason());
        if (how == TransferMode.BRIDGE) {
            startBridge();
            return;
        }
        String referTo = TransferTarget.referTo(req.destination(), config);
        account.referTo(referTo);
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

    private void startBridge() {
        account.mode(TransferMode.BRIDGE);
        OutboundCall.Dial dial;
        try {
            if (trunk == null) {
                throw new CallControlException(CallControlException.Kind.UNAVAILABLE,
                        "bridged transfer needs outbound calls (outbound.trunk)");
            }
            dial = trunk.dialTransferTarget(account.destination());
        } catch (CallControlException e) {
            finish("failed", 0, e.getMessage());
            return;
        }
        state = State.DIALLING;
        bridge = new BridgedTransfer(bridging.get(), dial, new BridgeProgress());
        bridge.start(trunk::submit);
    }

    /** What the bridged transfer reports, on the loop. */
    private final class BridgeProgress implements BridgedTransfer.Progress {
        @Override
        public void answered() {
            state = State.BRIDGED;
            account.accepted();
            account.outcome("transferred", 200, "bridged");
            outcome.bridged();
        }

        @Override
        public void failed(int status, String reason, boolean timedOut) {
            if (state == State.DIALLING) {
                finish(timedOut ? "timeout" : "failed", status, reason);
            }
        }

        @Override
        public void targetLeft(EndReason reason) {
            outcome.targetLeft(reason);
        }
    }

    /** The carrier answered the REFER 202: from now on the agent no longer hears the caller. */
    void accepted() {
        if (state != State.REFERRING) {
            return;
        }
        state = State.ACCEPTED;
        account.accepted();
        log.info("transfer to {} accepted by the carrier ({} ms)", account.destination(), account.millis());
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
            log.debug("transfer to {}: {} {}", account.destination(), status, reason);
        }
    }

    /** The REFER was refused, unanswered (408) or not sent (0). */
    void refused(int status, String reason) {
        if (state != State.REFERRING) {
            return;
        }
        finish("refused", status, reason);
    }

    /**
     * The call ends for {@code reason}: a transfer still under way is abandoned; a bridged target is hung up (unless
     * it ended the call).
     */
    void callEnded(EndReason reason) {
        if (bridge != null) {
            bridge.end(reason, reason == EndReason.CALLER_HANGUP);
        }
        if (state == State.BRIDGED) {
            state = State.IDLE; // the outcome (transferred) stands; the bridged leg's summary tells the rest
        } else if (state != State.IDLE) {
            cancelDeadline();
            state = State.IDLE;
            account.outcome("abandoned", 0, "the call ended first");
        }
    }

    /** The last transfer asked for during the call, or null when there was none. */
    TransferSummary summary() {
        return account.summary(bridge == null ? null : bridge.summary());
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
        account.outcome(result, status, reason);
        busy.set(false);
        if (result.equals("transferred")) {
            log.info("transfer to {} completed ({} {}, {} ms)", account.destination(), status, reason,
                    account.millis());
            outcome.transferred();
            return;
        }
        String why = status > 0 ? status + " " + reason : reason;
        if (result.equals("refused") && account.mode() == TransferMode.REFER && config.bridgeFallback()) {
            log.info("transfer to {}: REFER refused ({}); bridging instead", account.destination(), why);
            busy.set(true);
            startBridge();
            return;
        }
        log.warn("transfer to {} {}: {}; the call stays with the agent", account.destination(), result, why);
        outcome.failed(account.destination(), why.trim());
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
