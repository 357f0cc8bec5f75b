package io.trunkline.ws.twiml;

import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.loop.CallLoop;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <Dial>} of one TwiML call: hands the caller over through the gateway's call control, before answer if
 * it can; else (a REFER needs the dialog) the call is answered first and the transfer asked for
 * {@value #SETTLE_MILLIS} ms later, so that the caller's ACK is in before the REFER (a REFER that overtakes it
 * confuses carriers). Confined to the call's loop.
 */
final class DialPhase {
    private static final Logger LOG = LoggerFactory.getLogger(DialPhase.class);
    /** How long after answering for a {@code <Dial>} the transfer is asked for. */
    static final long SETTLE_MILLIS = 300;

    private final TwimlSettings s;
    private final String callId;
    private final CallLoop loop;
    private final LegState state;
    private boolean dialing;
    private CallLoop.Cancellable settle;

    DialPhase(TwimlSettings settings, String callId, CallLoop loop, LegState state) {
        this.s = settings;
        this.callId = callId;
        this.loop = loop;
        this.state = state;
    }

    /** Dials {@code destination}; false (and a warning) when transfers are unavailable: the TwiML has failed. */
    boolean dial(String destination) {
        TransferRequest request = new TransferRequest(destination, "TwiML <Dial>");
        if (state.answered()) {
            transfer(request);
            return true;
        }
        try {
            s.control.get().transfer(callId, request, null);
            LOG.info("call {}: <Dial>: transfer requested", callId);
            dialing = true;
            return true;
        } catch (CallControlException e) {
            if (e.kind() != CallControlException.Kind.CONFLICT) {
                TwimlLog.warn(LOG, "call {}: cannot carry out <Dial>: transfers are {} ({}); the call is refused",
                        callId, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
                return false;
            }
        }
        state.answer(ConnectPhases.UNKNOWN);
        long gen = state.generation();
        settle = loop.schedule(() -> {
            settle = null;
            if (state.current(gen)) {
                transfer(request);
            }
        }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        return true;
    }

    /** A transfer failed: whether it was this {@code <Dial>}'s, so that the TwiML after it goes on. */
    boolean failed(String reason) {
        if (!dialing || !state.active()) {
            return false;
        }
        dialing = false;
        TwimlLog.warn(LOG, "call {}: <Dial> failed ({}); the TwiML goes on", callId, reason);
        return true;
    }

    /** Other TwiML takes over, or the call is over: a transfer still to ask for is not. */
    void cancel() {
        dialing = false;
        if (settle != null) {
            settle.cancel();
            settle = null;
        }
    }

    /** Asks for the transfer of the answered call; a refusal hangs up, as a failed {@code <Dial>} would. */
    private void transfer(TransferRequest request) {
        try {
            s.control.get().transfer(callId, request, null);
            LOG.info("call {}: <Dial>: transfer requested", callId);
            dialing = true;
        } catch (CallControlException e) {
            TwimlLog.warn(LOG, "call {}: cannot carry out <Dial>: {} ({}); hanging up", callId,
                    e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
            state.end("transfer refused");
        }
    }
}
