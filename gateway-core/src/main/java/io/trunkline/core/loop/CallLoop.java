package io.trunkline.core.loop;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The single thread a call lives on. Everything about one call (its RTP channel, its agent connection, its pacer
 * and its state) runs here, so none of it needs locks. Work arriving from other threads (SIP listener, HTTP) is
 * handed over with {@link #execute(Runnable)}.
 */
public interface CallLoop extends Executor {

    /** Whether the current thread is this loop. */
    boolean inLoop();

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * The transport-specific object behind this loop (a Netty {@code EventLoop}), for adapters that must register
     * their channels on it.
     *
     * @throws IllegalArgumentException when the loop is not backed by {@code type}
     */
    <T> T unwrap(Class<T> type);

    /** Runs {@code task} now when already on the loop, else hands it over. */
    default void run(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /** A scheduled task that may be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
