package io.trunkline.rtp.engine;

import io.trunkline.core.loop.CallLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A call loop on the test thread with a manual clock: scheduled tasks run only when the test advances time. */
final class ManualCallLoop implements CallLoop {

    private static final class Task {
        final long deadline;
        final Runnable runnable;
        boolean cancelled;

        Task(long deadline, Runnable runnable) {
            this.deadline = deadline;
            this.runnable = runnable;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    long nanoTime() {
        return now;
    }

    /** Moves the clock forward, running every task that falls due, in deadline order. */
    void advance(long nanos) {
        long target = now + nanos;
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.deadline <= target)
                    .min(Comparator.comparingLong(t -> t.deadline)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.deadline);
            next.runnable.run();
        }
        now = target;
    }

    /** Tasks scheduled and not cancelled or run. */
    int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(now + unit.toNanos(delay), task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("not backed by " + type.getName());
    }
}
