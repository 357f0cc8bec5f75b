package io.trunkline.core.testing;

import io.trunkline.core.loop.CallLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link CallLoop} for unit tests: tasks run when the test calls {@link #runPending()} (or at once,
 * for an {@link #inline()} loop that stands for "already on the loop"), and scheduled tasks when it advances
 * virtual time.
 */
public final class ManualCallLoop implements CallLoop {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();
    private final boolean inline;
    private long nowNanos;
    private boolean running;

    /** Tasks handed over with {@link #execute} wait for {@link #runPending()}: other threads' events. */
    public ManualCallLoop() {
        this(false);
    }

    private ManualCallLoop(boolean inline) {
        this.inline = inline;
    }

    /** A loop the test thread is always on: {@link #execute} runs the task at once. */
    public static ManualCallLoop inline() {
        return new ManualCallLoop(true);
    }

    /** The virtual clock, in nanoseconds. */
    public long nanoTime() {
        return nowNanos;
    }

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
        return inline || running;
    }

    @Override
    public void execute(Runnable task) {
        if (inline) {
            task.run();
        } else {
            tasks.add(task);
        }
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
        advanceNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Moves virtual time forward by {@code nanos}, running due timers in deadline order. */
    public void advanceNanos(long nanos) {
        long target = nowNanos + nanos;
        runPending();
        while (true) {
            Timer next = timers.stream().filter(t -> !t.cancelled && t.dueNanos <= target)
                    .min(Comparator.comparingLong(t -> t.dueNanos)).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowNanos = Math.max(nowNanos, next.dueNanos);
            execute(next.task);
            runPending();
        }
        nowNanos = target;
    }

    /**
     * A loop that was held up: virtual time jumps {@code nanos} ahead first, and only then do the timers that fell
     * due meanwhile run, all late, at the new time.
     */
    public void stall(long nanos) {
        nowNanos += nanos;
        advanceNanos(0);
    }

    /** Scheduled tasks not yet run or cancelled. */
    public long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }
}
