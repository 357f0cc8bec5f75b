package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.signalling.CallSignals;

/**
 * One call as the bridge and the call-control API see it, from any thread: its id, where SIP reports its dialog's
 * events, what it looks like now, and what is asked of it (start, dial, refuse, end, send digits, transfer). A
 * request that the call cannot take is refused here, from what any thread may read; the rest is handed to the
 * call's loop, where its {@link CallSession} carries it out.
 */
final class CallHandle {
    private final CallSession session;
    private final Call call;
    private final CallLoop loop;
    private final CallRecorder recorder;
    private final LegRelay relay;
    private final TransferGate transfer;
    private final CallSignals signals;

    CallHandle(CallSession session, Call call, CallLoop loop, CallRecorder recorder, LegRelay relay,
            TransferGate transfer, CallSignals signals) {
        this.session = session;
        this.call = call;
        this.loop = loop;
        this.recorder = recorder;
        this.relay = relay;
        this.transfer = transfer;
        this.signals = signals;
    }

    String id() {
        return call.id();
    }

    /** Where the SIP adapter reports the call's in-dialog events. */
    CallSignals signals() {
        return signals;
    }

    /** The agent platform's id for the call (a Vapi call id); null until the agent named it. */
    String agentCallId() {
        return recorder.agentCallIdNow();
    }

    /** What the call looks like right now (fields may be a moment old). */
    ActiveCall snapshot() {
        return recorder.snapshot(call.id(), call.state());
    }

    /** Starts an admitted inbound call: media leg, agent connection, and the answer per policy. */
    void start() {
        session.admit();
        loop.run(session::start);
    }

    /** Counts an outbound call as admitted: from now on it ends with a record, even before it is dialled. */
    void admit() {
        session.admit();
    }

    /** Dials an admitted outbound call (its turn under the trunk's call rate came); nothing once it has ended. */
    void dial() {
        loop.run(session::dial);
    }

    /** Refuses an inbound call before any resource is taken (negotiation failure, capacity, drain). */
    void refuse(EndReason reason) {
        loop.run(() -> session.refuse(reason));
    }

    /** Ends the call for {@code reason}; only the first reason counts. */
    void end(EndReason reason) {
        session.end(reason);
    }

    /** The agent's platform asked, out of band, to end the call. */
    void agentHangup(String reason) {
        loop.run(() -> session.agentHungUp(reason));
    }

    /**
     * Sends {@code digits} (already checked) to the caller: refused at once when the call is not answered or the
     * caller offered no telephone-event; on the loop, digits that find the call ending are dropped.
     */
    void sendDtmf(String digits) throws CallControlException {
        if (!recorder.isAnswered()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "the call is not answered yet");
        }
        MediaOffer carrier = recorder.media();
        if (carrier == null || carrier.telephoneEventPayloadType() < 0) {
            throw new CallControlException(CallControlException.Kind.CONFLICT,
                    "the caller offered no telephone-event payload type (RFC 4733): digits cannot be sent");
        }
        loop.run(() -> relay.sendDtmf(digits));
    }

    /**
     * Asks for a transfer of the caller (the call-control API, an agent platform's server message).
     *
     * @throws CallControlException CONFLICT when the call is outbound and the mode not bridge, the call is not
     *                              answered, or a transfer is under way
     */
    void requestTransfer(TransferRequest request, TransferMode mode, TransferTrigger trigger)
            throws CallControlException {
        transfer.request(request, mode, trigger);
    }
}
