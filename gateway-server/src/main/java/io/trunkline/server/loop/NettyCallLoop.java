package io.trunkline.server.loop;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.trunkline.core.loop.CallLoop;
import java.util.concurrent.TimeUnit;

/** A {@link CallLoop} backed by one Netty event loop; adapters unwrap it to register their channels there. */
final class NettyCallLoop implements CallLoop {
    private final EventLoop loop;

    NettyCallLoop(EventLoop loop) {
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
        ScheduledFuture<?> future = loop.schedule(task, delay, unit);
        return () -> future.cancel(false);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(loop)) {
            return type.cast(loop);
        }
        throw new IllegalArgumentException("call loop is a " + loop.getClass().getName() + ", not a " + type.getName());
    }
}
