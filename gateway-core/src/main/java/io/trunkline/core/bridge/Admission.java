package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, on the SIP listener thread, whether a new call may start: not while draining, and not beyond the
 * concurrent-call limit. Every admitted call must be {@link #release() released} exactly once.
 */
final class Admission {
    private final int maxConcurrentCalls;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;

    Admission(int maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** Returns null when the call is admitted (and counted), else why it is refused. */
    EndReason tryAdmit() {
        if (draining) {
            return EndReason.REJECTED_DRAINING;
        }
        while (true) {
            int current = active.get();
            if (current >= maxConcurrentCalls) {
                return EndReason.REJECTED_CAPACITY;
            }
            if (active.compareAndSet(current, current + 1)) {
                return null;
            }
        }
    }

    void release() {
        active.decrementAndGet();
    }

    int active() {
        return active.get();
    }

    void startDraining() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }
}
