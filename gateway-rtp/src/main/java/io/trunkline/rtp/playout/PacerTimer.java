package io.trunkline.rtp.playout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link Pacer} from its loop's {@link PacerClock}: the timeline starts at the next step of the clock's
 * grid, and each wake-up sends what is due and hands back the next absolute deadline, so scheduling error never
 * accumulates.
 */
public final class PacerTimer implements PacerClock.Paced {

    private static final Logger log = LoggerFactory.getLogger(PacerTimer.class);

    private final String callId;
    private final PacerClock clock;
    private final Pacer pacer;
    private boolean running;
    private long failures;

    public PacerTimer(String callId, PacerClock clock, Pacer pacer) {
        this.callId = callId;
        this.clock = clock;
        this.pacer = pacer;
    }

    /** Starts the timeline at the clock's next grid step (at once when now is on it); the first packet goes then. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        long now = clock.now();
        long start = PacerClock.alignUp(now);
        pacer.start(start);
        if (start == now) {
            clock.add(this, fire(now));
        } else {
            clock.add(this, start);
        }
    }

    @Override
    public long fire(long nowNanos) {
        if (!running) {
            return Long.MIN_VALUE;
        }
        try {
            pacer.tick(nowNanos);
        } catch (RuntimeException e) {
            // A bug in one tick must not stop the stream: keep the timeline going and say so (once).
            if (failures++ == 0) {
                log.error("call {}: pacer tick failed", callId, e);
            }
        }
        return running ? pacer.nextDeadline() : Long.MIN_VALUE;
    }

    /** Stops sending; idempotent. */
    public void stop() {
        if (running) {
            running = false;
            clock.remove(this);
        }
    }
}
