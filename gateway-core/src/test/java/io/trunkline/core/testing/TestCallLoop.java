package io.trunkline.core.testing;

import io.netty.channel.EventLoop;
import io.trunkline.core.loop.CallLoop;
import java.util.concurrent.TimeUnit;

/** A {@link CallLoop} over a Netty event loop, for adapter tests. */
public final class TestCallLoop implements CallLoop {
    private final EventLoop loop;

    public TestCallLoop(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        var future = loop.schedule(task, delay, unit);
        return () -> future.cancel(false);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(loop)) {
            return type.cast(loop);
        }
        throw new IllegalArgumentException("loop is not a " + type.getName());
    }
}
