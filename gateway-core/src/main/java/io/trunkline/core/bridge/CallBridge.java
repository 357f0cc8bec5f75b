package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException.Kind;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.DtmfDigits;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.loop.LoopLagSource;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallRecordSink;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.OutboundDialer;
import io.trunkline.core.signalling.SignallingLeg;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the SIP adapter to the media engine and the agent: admits or refuses each INVITE, pins the call to a
 * loop, and keeps the set of active calls for listing and drain. One per gateway.
 */
public final class CallBridge implements InboundCallHandler, CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(CallBridge.class);

    private final CallConfig config;
    private final CallLoopProvider loops;
    private final AgentRouter agents;
    private final Owner owner;
    private final Admission admission;
    private final ActiveCalls active = new ActiveCalls();
    private volatile CallPlacer outbound;

    public CallBridge(CallConfig config, CallLoopProvider loops, MediaLegFactory media, AgentRouter agents,
            CallRecordSink records) {
        this(config, loops, media, agents, records, CallObserver.NONE, AttributionThresholds.DEFAULTS);
    }

    /**
     * A bridge that reports call-level events to {@code observer} and judges each record's attribution against
     * {@code thresholds}.
     */
    public CallBridge(CallConfig config, CallLoopProvider loops, MediaLegFactory media, AgentRouter agents,
            CallRecordSink records, CallObserver observer, AttributionThresholds thresholds) {
        this(config, loops, media, agents, records, observer, thresholds, LoopLagSource.NONE);
    }

    /** A bridge that also refuses new calls while {@code loopLag} reports the loops late (overload guard). */
    public CallBridge(CallConfig config, CallLoopProvider loops, MediaLegFactory media, AgentRouter agents,
            CallRecordSink records, CallObserver observer, AttributionThresholds thresholds, LoopLagSource loopLag) {
        this(config, loops, media, agents, records, observer, thresholds, loopLag, TransferConfig.DEFAULTS);
    }

    /** A bridge that transfers calls to a human as {@code transfers} says. */
    public CallBridge(CallConfig config, CallLoopProvider loops, MediaLegFactory media, AgentRouter agents,
            CallRecordSink records, CallObserver observer, AttributionThresholds thresholds, LoopLagSource loopLag,
            TransferConfig transfers) {
        Objects.requireNonNull(transfers, "transfers");
        this.config = config;
        this.loops = loops;
        this.agents = agents;
        this.admission = new Admission(config.maxConcurrentCalls(),
                new CallRateLimiter(config.maxCallsPerSecond(), config.callsBurst(), System::nanoTime),
                new OverloadGuard(Objects.requireNonNull(loopLag, "loopLag"), config.maxLoopLag(), System::nanoTime));
        this.owner = new Owner(media, config, transfers, Objects.requireNonNull(observer, "observer"),
                Objects.requireNonNull(thresholds, "thresholds"), records, active, admission, () -> outbound);
    }

    @Override
    public CallSignals onInvite(InboundInvite invite, SignallingLeg leg) {
        CallHandle call = new CallSession(owner, agents.route(invite.parties()), CallIds.next(), loops.next(), invite,
                leg).handle();
        EndReason refusal = invite.rejection() != null ? invite.rejection() : admission.tryAdmit();
        if (refusal != null) {
            call.refuse(refusal);
        } else {
            active.add(call);
            call.start();
        }
        return call.signals();
    }

    @Override
    public boolean acceptingCalls() {
        return !admission.draining();
    }

    @Override
    public Duration sessionExpires() {
        return config.sessionExpires();
    }

    @Override
    public Duration sessionMinExpires() {
        return config.sessionMinExpires();
    }

    /**
     * Turns outbound calls on: {@link #place} dials through {@code dialer} to the trunk of {@code config}, within its
     * allowed prefixes and at its call rate.
     */
    public void enableOutbound(OutboundConfig config, OutboundDialer dialer) {
        enableOutbound(config, dialer, System::nanoTime);
    }

    /** As {@link #enableOutbound(OutboundConfig, OutboundDialer)}, pacing by {@code nanoClock} (tests). */
    void enableOutbound(OutboundConfig config, OutboundDialer dialer, java.util.function.LongSupplier nanoClock) {
        Objects.requireNonNull(dialer, "dialer");
        outbound = new CallPlacer(config, dialer, nanoClock, agents, admission, loops, owner, active);
        LOG.info("outbound calls through {} (at most {}/s, allowed prefixes {})", config.trunk(),
                config.maxCallsPerSecond(), config.allowedPrefixes().isEmpty() ? "none: every call is refused"
                        : config.allowedPrefixes());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The call is admitted at once (an id, a record whatever happens) and dialled when its turn under
     * {@code outbound.max-calls-per-second} comes; requests beyond {@code outbound.queue-size} waiting are refused.
     */
    @Override
    public String place(OutboundRequest request) throws CallControlException {
        CallPlacer placer = outbound;
        if (placer == null) {
            throw new CallControlException(Kind.UNAVAILABLE, "outbound calls are not configured (outbound.trunk)");
        }
        return placer.place(request);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The call ends on its loop for {@link EndReason#OPERATOR_HANGUP}: BYE when answered, {@code 480} to the
     * INVITE while it rings. A call that is already ending is left to end (no error); one that has ended is not
     * found.
     */
    @Override
    public void hangup(String callId) throws CallControlException {
        active.find(callId).end(EndReason.OPERATOR_HANGUP);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refused as {@link CallControlException.Kind#CONFLICT} before the answer and when the caller offered no
     * telephone-event; digits that find the call ending on its loop are dropped.
     */
    @Override
    public void sendDtmf(String callId, String digits) throws CallControlException {
        CallHandle call = active.find(callId);
        call.sendDtmf(DtmfDigits.check(digits));
    }

    @Override
    public void transfer(String callId, TransferRequest request, TransferMode mode) throws CallControlException {
        transfer(callId, request, mode, TransferTrigger.API);
    }

    /**
     * Hands the caller of call {@code callId} over to {@code request}'s destination, on behalf of {@code trigger}.
     * Returns once the transfer has started; its outcome shows in the call (and in its record).
     *
     * @param mode null for {@code transfer.mode}
     * @throws CallControlException NOT_FOUND for no such active call, INVALID for a destination that is neither
     *                              an E.164 number nor a SIP URI (for a bridged transfer: not an E.164 number), FORBIDDEN
     *                              for a bridged transfer outside {@code outbound.allowed-prefixes}, UNAVAILABLE
     *                              for a bridged transfer without {@code outbound.trunk}, CONFLICT
     *                              when the call is not answered or a transfer is under way
     */
    public void transfer(String callId, TransferRequest request, TransferMode mode, TransferTrigger trigger)
            throws CallControlException {
        CallHandle call = active.find(callId);
        TransferMode how = mode == null ? owner.transfers().mode() : mode;
        if (how == TransferMode.BRIDGE) {
            OutboundTrunk trunk = owner.trunk();
            if (trunk == null) {
                throw new CallControlException(CallControlException.Kind.UNAVAILABLE,
                        "bridged transfer needs outbound calls (outbound.trunk)");
            }
            trunk.dialTransferTarget(request.destination()); // the number checks, before the call is touched
        } else if (TransferTarget.referTo(request.destination(), owner.transfers()) == null) {
            throw new CallControlException(CallControlException.Kind.INVALID,
                    "the destination must be an E.164 number (+15550001111) or a SIP URI");
        }
        call.requestTransfer(request, how, trigger);
    }

    /** The gateway id of the active call whose agent platform calls it {@code agentCallId} (a Vapi call id). */
    public Optional<String> callIdForAgentCall(String agentCallId) {
        return active.idForAgentCall(agentCallId);
    }

    /**
     * Ends call {@code callId} on its agent's behalf (an agent platform's server message asked to hang up): BYE to
     * the caller, the end reason {@code AGENT_HANGUP}.
     *
     * @throws CallControlException NOT_FOUND for no such active call
     */
    public void hangupForAgent(String callId, String reason) throws CallControlException {
        active.find(callId).agentHangup(reason);
    }

    /** Stops admitting calls: new INVITEs and OPTIONS get 503. Active calls continue. */
    public void startDraining() {
        admission.startDraining();
    }

    /** Ends every active call (BYE, or 503 before answer) for {@code reason}. */
    public void endAll(EndReason reason) {
        active.endAll(reason);
    }

    /** Calls admitted and not yet over. */
    public int activeCalls() {
        return admission.active();
    }

    /** The active calls, oldest first, for listings (snapshots taken from this thread). */
    public List<ActiveCall> activeCallList() {
        return active.list();
    }

    /** What the bridge's calls share: their settings, and where each call goes once it is over. */
    private record Owner(MediaLegFactory media, CallConfig config, TransferConfig transfers, CallObserver observer,
            AttributionThresholds thresholds, CallRecordSink records, ActiveCalls active, Admission admission,
            Supplier<CallPlacer> placer) implements SessionOwner {

        @Override
        public OutboundTrunk trunk() {
            CallPlacer p = placer.get();
            return p == null ? null : p.trunk();
        }

        @Override
        public void finished(CallSession session, CallRecord record, boolean admitted) {
            if (admitted) {
                active.remove(session.id());
                admission.release();
            }
            try {
                observer.callEnded(record);
            } catch (RuntimeException e) {
                LOG.error("call observer failed for {}", record.callId(), e);
            }
            try {
                records.accept(record);
            } catch (RuntimeException e) {
                LOG.error("call record sink failed for {}", record.callId(), e);
            }
        }
    }
}
