package io.trunkline.rtp.receive;

import io.trunkline.core.loop.CallLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reports, once, that no valid RTP arrived for the configured time. Packets only stamp a field; a single timer
 * checks the stamp when the timeout could have expired and re-arms itself for the remainder otherwise, so the hot
 * path never touches the scheduler. Paused while the carrier has said it does not send (hold).
 */
public final class InactivityMonitor implements Runnable {

    private final CallLoop loop;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Runnable onInactive;
    private CallLoop.Cancellable timer;
    private long lastActivityNanos;
    private boolean armed;
    private boolean fired;

    public InactivityMonitor(CallLoop loop, long timeoutNanos, LongSupplier nanoClock, Runnable onInactive) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.nanoClock = nanoClock;
        this.onInactive = onInactive;
    }

    /** Starts (or restarts after a pause) counting from now. */
    public void arm() {
        if (armed || fired) {
            return;
        }
        armed = true;
        lastActivityNanos = nanoClock.getAsLong();
        timer = loop.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Valid RTP arrived. */
    void activity(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    /** Stops counting until the next {@link #arm()}. */
    public void disarm() {
        armed = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public void run() {
        timer = null;
        if (!armed) {
            return;
        }
        long idle = nanoClock.getAsLong() - lastActivityNanos;
        if (idle >= timeoutNanos) {
            armed = false;
            fired = true;
            onInactive.run();
        } else {
            timer = loop.schedule(this, timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }
}
