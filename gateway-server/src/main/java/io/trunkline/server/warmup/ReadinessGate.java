package io.trunkline.server.warmup;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.time.Duration;
import java.util.Objects;

/**
 * Stands between the SIP listener and the call bridge while the gateway starts: until {@link #open()}, OPTIONS is
 * answered 503 and every INVITE is refused 503 with Retry-After (reason {@code rejected-starting}, recorded like
 * every refusal), so that a load balancer or carrier probing a gateway that is still warming up sends its calls
 * elsewhere instead of to a cold instance. Afterwards it only passes calls on.
 */
public final class ReadinessGate implements InboundCallHandler {
    private final InboundCallHandler bridge;
    private final SrtpMode srtp;
    private volatile boolean open;

    public ReadinessGate(InboundCallHandler bridge) {
        this(bridge, bridge.srtpMode());
    }

    /** A gate that also tells the SIP side which SRTP offers the gateway takes ({@code rtp.srtp}). */
    public ReadinessGate(InboundCallHandler bridge, SrtpMode srtp) {
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.srtp = Objects.requireNonNull(srtp, "srtp");
    }

    /** From now on calls reach the bridge. */
    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public CallSignals onInvite(InboundInvite invite, SignallingLeg leg) {
        if (open || invite.rejection() != null) {
            return bridge.onInvite(invite, leg);
        }
        return bridge.onInvite(new InboundInvite(invite.parties(), null, EndReason.REJECTED_STARTING,
                invite.source(), invite.receivedAt(), invite.receivedNanos(), invite.tryingNanos()), leg);
    }

    @Override
    public boolean acceptingCalls() {
        return open && bridge.acceptingCalls();
    }

    @Override
    public Duration sessionExpires() {
        return bridge.sessionExpires();
    }

    @Override
    public Duration sessionMinExpires() {
        return bridge.sessionMinExpires();
    }

    @Override
    public SrtpMode srtpMode() {
        return srtp;
    }
}
