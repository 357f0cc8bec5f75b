package io.trunkline.core.signalling;

import io.trunkline.core.config.SrtpMode;
import java.time.Duration;

/** Receives new calls from the SIP adapter. Implemented by the call bridge. Never blocks. */
public interface InboundCallHandler {

    /**
     * A new INVITE. Called on a SIP listener thread; the handler hands the work to a call loop and returns the
     * per-call event handler at once. When {@link InboundInvite#rejection()} is set, the handler rejects the call
     * through {@code leg} (so that it is recorded like every other call).
     */
    CallSignals onInvite(InboundInvite invite, SignallingLeg leg);

    /** Whether new calls are accepted (false while draining): OPTIONS is answered 503 when false. */
    boolean acceptingCalls();

    /**
     * The RFC 4028 session interval to ask for when the caller supports session timers but requested none (the
     * caller refreshes; a call not refreshed in time is ended with BYE).
     */
    default Duration sessionExpires() {
        return Duration.ofMinutes(30);
    }

    /** The smallest session interval accepted; an INVITE asking for less is answered 422 with this Min-SE. */
    default Duration sessionMinExpires() {
        return Duration.ofSeconds(90);
    }

    /** Whether offers of SRTP are refused, taken or required ({@code rtp.srtp}); plain RTP only unless told. */
    default SrtpMode srtpMode() {
        return SrtpMode.OFF;
    }
}
