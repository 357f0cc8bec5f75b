package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.CallControlException.Kind;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.signalling.OutboundDialer;
import java.util.function.LongSupplier;

/**
 * Places outbound calls through the termination trunk, from any thread: checks the numbers ({@link DialPolicy}) and
 * the route, admits the call at once (an id, and a record whatever happens) and queues its dialling under the
 * trunk's call rate ({@link DialPacer}); a call that finds the queue full is refused.
 */
final class CallPlacer {
    private final OutboundTrunk trunk;
    private final AgentRouter agents;
    private final Admission admission;
    private final CallLoopProvider loops;
    private final SessionOwner owner;
    private final ActiveCalls active;

    /** Places calls to the trunk of {@code config} through {@code dialer}, pacing by {@code nanoClock}. */
    CallPlacer(OutboundConfig config, OutboundDialer dialer, LongSupplier nanoClock, AgentRouter agents,
            Admission admission, CallLoopProvider loops, SessionOwner owner, ActiveCalls active) {
        this.trunk = new OutboundTrunk(config, new DialPolicy(config),
                new DialPacer(config.maxCallsPerSecond(), config.queueSize(), loops.next(), nanoClock), dialer);
        this.agents = agents;
        this.admission = admission;
        this.loops = loops;
        this.owner = owner;
        this.active = active;
    }

    /** The trunk the calls go through, shared with bridged transfers. */
    OutboundTrunk trunk() {
        return trunk;
    }

    /**
     * Admits a call to {@code request.to()} and queues its dialling; returns its gateway id.
     *
     * @throws CallControlException INVALID for a number that is not E.164 or an unknown route, FORBIDDEN for a
     *                              callee outside the allowed prefixes, UNAVAILABLE when admission refuses the
     *                              call, TOO_MANY when the queue is full
     */
    String place(OutboundRequest request) throws CallControlException {
        OutboundCall.Dial dial = trunk.dialTo(request.to(), request.from());
        AgentRouter.RoutedAgent routed = request.route() == null ? agents.defaultAgent()
                : agents.named(request.route());
        if (routed == null) {
            throw new CallControlException(Kind.INVALID, "no route named '" + request.route() + "'");
        }
        EndReason refusal = admission.tryAdmitOutbound();
        if (refusal != null) {
            throw new CallControlException(Kind.UNAVAILABLE, refusal.description());
        }
        CallParties parties = new CallParties(null, "tel:" + dial.from(), "tel:" + dial.to(), null, null, null, null,
                request.metadata());
        CallHandle call = new CallSession(owner, routed, CallIds.next(), loops.next(), parties, dial).handle();
        call.admit();
        active.add(call);
        if (!trunk.submit(call::dial)) {
            active.remove(call.id());
            admission.release();
            throw new CallControlException(Kind.TOO_MANY, "too many calls wait for the trunk (outbound.queue-size "
                    + trunk.config().queueSize() + ")");
        }
        return call.id();
    }
}
