package io.trunkline.core.testing;

import io.trunkline.core.loop.CallLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link CallLoop} for unit tests: tasks run when the test calls {@link #runPending()}, and
 * scheduled tasks when it {@link #advanceMillis advances} virtual time.
 */
public final class ManualCallLoop implements CallLoop {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();
    private long nowNanos;
    private boolean running;

    private static final class Timer {
        final long dueNanos;
        final Runnable task;
        boolean cancelled;

        Timer(long dueNanos, Runnable task) {
            this.dueNanos = dueNanos;
            this.task = task;
        }
    }

    @Override
    public boolean inLoop() {
        return running;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Timer timer = new Timer(nowNanos + unit.toNanos(delay), task);
        timers.add(timer);
        return () -> timer.cancelled = true;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("manual loop has no transport");
    }

    /** Runs queued tasks (and those they queue) until none is left. */
    public void runPending() {
        running = true;
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        } finally {
            running = false;
        }
    }

    /** Moves virtual time forward, running due timers in order, and everything they queue. */
    public void advanceMillis(long millis) {
        long target = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        runPending();
        while (true) {
            Timer next = timers.stream().filter(t -> !t.cancelled && t.dueNanos <= target)
                    .min(Comparator.comparingLong(t -> t.dueNanos)).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowNanos = next.dueNanos;
            execute(next.task);
            runPending();
        }
        nowNanos = target;
    }

    /** Scheduled tasks not yet run or cancelled. */
    public long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }
}
