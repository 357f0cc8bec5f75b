package io.trunkline.rtp.engine;

import io.trunkline.core.loop.CallLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link Pacer} on the call's loop: each run sends what is due and schedules a one-shot task for the next
 * absolute deadline, computed afresh from the monotonic clock, so scheduling error never accumulates.
 */
final class PacerTimer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PacerTimer.class);

    private final String callId;
    private final CallLoop loop;
    private final Pacer pacer;
    private final LongSupplier nanoClock;
    private CallLoop.Cancellable next;
    private boolean running;
    private long failures;

    PacerTimer(String callId, CallLoop loop, Pacer pacer, LongSupplier nanoClock) {
        this.callId = callId;
        this.loop = loop;
        this.pacer = pacer;
        this.nanoClock = nanoClock;
    }

    /** Starts the timeline now and sends the first packet at once. */
    void start() {
        if (running) {
            return;
        }
        running = true;
        pacer.start(nanoClock.getAsLong());
        run();
    }

    @Override
    public void run() {
        if (!running) {
            return;
        }
        try {
            pacer.tick(nanoClock.getAsLong());
        } catch (RuntimeException e) {
            // A bug in one tick must not stop the stream: keep the timeline going and say so (once).
            if (failures++ == 0) {
                log.error("call {}: pacer tick failed", callId, e);
            }
        } finally {
            if (running) {
                long delay = Math.max(0, pacer.nextDeadline() - nanoClock.getAsLong());
                next = loop.schedule(this, delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stops sending; idempotent. */
    void stop() {
        running = false;
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    boolean running() {
        return running;
    }
}
