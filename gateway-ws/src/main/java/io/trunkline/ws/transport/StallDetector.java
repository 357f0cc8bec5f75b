package io.trunkline.ws.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when an agent has stopped reading: its socket stays too full to take caller audio for longer than the
 * stall timeout ({@code agent.stall-timeout}), and logs it. Fed by the leg with every frame it sends or drops.
 * Loop-confined.
 */
final class StallDetector {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketLeg.class);

    private final long stallNanos;
    private final String callId;
    private long stalledSinceNanos;
    private long drops;

    StallDetector(long stallNanos, String callId) {
        this.stallNanos = stallNanos;
        this.callId = callId;
    }

    /** A frame went out: the agent reads. */
    void sent() {
        stalledSinceNanos = 0;
        drops = 0;
    }

    /**
     * A frame was dropped at {@code nowNanos} because the socket to {@code peer} was full; true (and logged) once the
     * stall lasted too long.
     */
    boolean dropped(long nowNanos, String peer) {
        drops++;
        if (stalledSinceNanos == 0) {
            stalledSinceNanos = nowNanos;
            return false;
        }
        if (nowNanos - stalledSinceNanos < stallNanos) {
            return false;
        }
        LOG.warn("call {}: agent {} stopped reading for {} ms ({} audio frames dropped)", callId, peer,
                (nowNanos - stalledSinceNanos) / 1_000_000, drops);
        return true;
    }
}
