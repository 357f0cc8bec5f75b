package io.trunkline.server;

import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.server.warmup.ReadinessGate;
import io.trunkline.server.warmup.WarmUp;
import java.time.Duration;

/**
 * When the gateway takes calls: {@code starting} while SIP binds and the call path warms up (the gate answers
 * OPTIONS and INVITEs 503 meanwhile), {@code ready} once the gate opens, {@code draining} once the bridge stops
 * accepting calls. The one place {@code /ready}, {@code /status} and the SIP listener learn it from.
 */
final class Readiness {
    private final CallBridge bridge;
    private final ReadinessGate gate;

    Readiness(CallBridge bridge, SrtpMode srtp) {
        this.bridge = bridge;
        this.gate = new ReadinessGate(bridge, srtp);
    }

    /** What the SIP listener hands its INVITEs and OPTIONS to. */
    InboundCallHandler gate() {
        return gate;
    }

    /** Runs rehearsal calls through the real call path for up to {@code warmUp} (none when zero), then opens. */
    void warmUpAndOpen(IoLoops loops, RtpEngine media, Duration warmUp) {
        if (!warmUp.isZero()) {
            new WarmUp(loops, media).run(warmUp);
        }
        gate.open();
    }

    /** {@code starting}, {@code ready} or {@code draining}. */
    String state() {
        if (!bridge.acceptingCalls()) {
            return "draining";
        }
        return gate.isOpen() ? "ready" : "starting";
    }
}
