package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.SignallingLeg;

/**
 * Stands between one call and its {@link CallTransfer}: a transfer starts only when the call can take one (an
 * inbound call, answered, no transfer under way), whether the call-control API or the agent asks; the carrier's
 * answers to the REFER reach the transfer while the call lasts; and the outcome ends the call or is told to the
 * agent. Confined to the call's loop, except {@link #request}.
 */
final class TransferGate {
    private final CallSession session;
    private final Call call;
    private final CallLoop loop;
    private final CallLog log;
    private final SessionOwner owner;
    private final CallRecorder recorder;
    private final AgentLink agent;
    private final boolean outbound;
    private final CallTransfer transfer;

    /**
     * @param outbound whether the call is outbound: it has no inbound dialog to REFER, so it is transferred only by
     *                 bridging
     */
    TransferGate(CallSession session, Call call, CallLoop loop, CallLog log, SessionOwner owner, CallRecorder recorder,
            AgentLink agent, SignallingLeg signalling, boolean outbound) {
        this.session = session;
        this.call = call;
        this.loop = loop;
        this.log = log;
        this.owner = owner;
        this.recorder = recorder;
        this.agent = agent;
        this.outbound = outbound;
        // An outbound call has no inbound dialog to REFER: its REFER transfers are refused before they reach it.
        this.transfer = new CallTransfer(loop, log, owner.transfers(), signalling, owner.observer(), transferOutcome(),
                owner.trunk(), session::bridgeContext);
    }

    /**
     * What the call does when a transfer ends: leave once the caller is with the target; let the agent go once a
     * bridged target answered, and end when that target leaves; else tell the agent.
     */
    private CallTransfer.Outcome transferOutcome() {
        return new CallTransfer.Outcome() {
            @Override
            public void transferred() {
                session.end0(EndReason.TRANSFERRED);
            }

            @Override
            public void bridged() {
                log.info("caller and transfer target bridged: the agent leaves the call");
                agent.close(true);
            }

            @Override
            public void failed(String destination, String why) {
                agent.transferFailed(destination, why);
            }

            @Override
            public void targetLeft(EndReason reason) {
                session.end0(reason);
            }
        };
    }

    /**
     * Asks for a transfer of the caller, from any thread (the call-control API, an agent platform's server
     * message).
     *
     * @throws CallControlException CONFLICT when the call is outbound and {@code mode} not bridge, the call is not
     *                              answered, or a transfer is under way
     */
    void request(TransferRequest request, TransferMode mode, TransferTrigger trigger) throws CallControlException {
        if (outbound && mode != TransferMode.BRIDGE) {
            throw new CallControlException(CallControlException.Kind.CONFLICT,
                    "outbound calls are transferred by bridging only (REFER needs the carrier's inbound dialog)");
        }
        if (!recorder.isAnswered()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "the call is not answered");
        }
        if (!transfer.claim()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "a transfer is already under way");
        }
        loop.run(() -> startTransfer(request, mode, trigger));
    }

    private void startTransfer(TransferRequest request, TransferMode mode, TransferTrigger trigger) {
        if (call.state() != CallState.ANSWERED) {
            log.info("transfer to {} not started: the call is {}", request.destination(), call.state());
            transfer.release();
            return;
        }
        transfer.start(request, mode, trigger);
    }

    /** The agent asked for a transfer: it starts in the configured mode when the call can take one, else not. */
    void agentAsked(TransferRequest request) {
        assertOnLoop();
        if (outbound && owner.transfers().mode() != TransferMode.BRIDGE) {
            log.info("agent asked for a transfer to {}: outbound calls are transferred by bridging only "
                    + "(transfer.mode: bridge)", request.destination());
        } else if (call.state() != CallState.ANSWERED) {
            log.info("agent asked for a transfer to {} before the answer: ignored", request.destination());
        } else if (!transfer.claim()) {
            log.info("agent asked for a transfer to {} while one is under way: ignored", request.destination());
        } else {
            transfer.start(request, owner.transfers().mode(), TransferTrigger.AGENT);
        }
    }

    /** The carrier accepted the REFER (202). */
    void accepted() {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.accepted();
        }
    }

    /** A NOTIFY about the REFER. */
    void progress(int status, String reason, boolean terminated) {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.progress(status, reason, terminated);
        }
    }

    /** The REFER was refused, unanswered or not sent. */
    void refused(int status, String reason) {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.refused(status, reason);
        }
    }

    /**
     * Whether the caller's audio is held back from the agent: the carrier is taking the caller elsewhere, or the
     * caller hears ring-back.
     */
    boolean holdsCallerAudio() {
        return transfer.holdsCallerAudio();
    }

    /** Whether the agent's audio must not reach the caller: ring-back plays, or the caller is with the target. */
    boolean holdsAgentAudio() {
        return transfer.holdsAgentAudio();
    }

    /** The relay to the transfer target while the caller is bridged to it, else null. */
    TargetRelay bridged() {
        BridgedTransfer bridge = transfer.bridge();
        return bridge == null ? null : bridge.relay();
    }

    /** The call ends for {@code reason}: a transfer still under way is abandoned, a bridged target hung up. */
    void callEnded(EndReason reason) {
        transfer.callEnded(reason);
    }

    /** The last transfer asked for during the call, or null when there was none. */
    TransferSummary summary() {
        return transfer.summary();
    }

    private void assertOnLoop() {
        assert loop.inLoop() : "call " + call.id() + " used off its loop";
    }
}
