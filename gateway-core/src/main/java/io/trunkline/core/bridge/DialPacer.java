package io.trunkline.core.bridge;

import io.trunkline.core.loop.CallLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces outbound INVITEs to the trunk's limit ({@code outbound.max-calls-per-second}; Twilio's default is 1 per
 * trunk): one dial per interval, the rest waiting in a bounded queue, in order. A request that finds the queue full
 * is refused (429), never dropped after it was accepted. Thread-safe: requests come from API threads, the timer
 * runs on one call loop; dials run outside the lock.
 */
final class DialPacer {
    private final long intervalNanos;
    private final int capacity;
    private final CallLoop timer;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private long nextSlotNanos;
    private boolean scheduled;

    DialPacer(int perSecond, int capacity, CallLoop timer, LongSupplier nanoClock) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.capacity = capacity;
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.nextSlotNanos = nanoClock.getAsLong();
    }

    /** Runs {@code dial} now when its slot is free, else queues it; false when the queue is full. */
    boolean submit(Runnable dial) {
        long delay;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (waiting.isEmpty() && !scheduled && now - nextSlotNanos >= 0) {
                nextSlotNanos = now + intervalNanos;
                delay = -1;
            } else {
                if (waiting.size() >= capacity) {
                    return false;
                }
                waiting.add(dial);
                if (scheduled) {
                    return true;
                }
                scheduled = true;
                delay = Math.max(0, nextSlotNanos - now);
            }
        }
        if (delay < 0) {
            dial.run();
        } else {
            timer.schedule(this::next, delay, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** Requests waiting for their slot. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void next() {
        Runnable dial;
        long delay = -1;
        synchronized (this) {
            dial = waiting.poll();
            long now = nanoClock.getAsLong();
            nextSlotNanos = Math.max(nextSlotNanos, now) + intervalNanos;
            if (waiting.isEmpty()) {
                scheduled = false;
            } else {
                delay = nextSlotNanos - now;
            }
        }
        if (delay >= 0) {
            timer.schedule(this::next, delay, TimeUnit.NANOSECONDS);
        }
        if (dial != null) {
            dial.run();
        }
    }
}
