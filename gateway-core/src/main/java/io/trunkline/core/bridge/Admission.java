package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, on the SIP listener thread, whether a new call may start: not while draining, not while the event loops
 * run late (overload), not above the call rate, and not beyond the concurrent-call limit. Every refusal names its
 * reason, so that it is answered 503 with Retry-After and counted by reason. Every admitted call must be
 * {@link #release() released} exactly once.
 */
final class Admission {
    private final int maxConcurrentCalls;
    private final CallRateLimiter rate;
    private final OverloadGuard overload;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;

    Admission(int maxConcurrentCalls, CallRateLimiter rate, OverloadGuard overload) {
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.rate = rate;
        this.overload = overload;
    }

    /** Returns null when the call is admitted (and counted), else why it is refused. */
    EndReason tryAdmit() {
        return tryAdmit(true);
    }

    /**
     * An outbound call: as {@link #tryAdmit()} but outside the inbound call rate (outbound calls have their own
     * pacing, {@link DialPacer}).
     */
    EndReason tryAdmitOutbound() {
        return tryAdmit(false);
    }

    private EndReason tryAdmit(boolean inbound) {
        if (draining) {
            return EndReason.REJECTED_DRAINING;
        }
        if (overload.overloaded()) {
            return EndReason.REJECTED_OVERLOAD;
        }
        if (inbound && !rate.tryAcquire()) {
            return EndReason.REJECTED_RATE;
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
