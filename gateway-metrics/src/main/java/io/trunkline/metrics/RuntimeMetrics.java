package io.trunkline.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM, GC, process and Netty meters (Micrometer's own binders: {@code jvm.*}, {@code process.*},
 * {@code system.*}, {@code netty.*}). The GC binder holds JMX listeners: {@link #close()} removes them.
 */
public final class RuntimeMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Binds everything to {@code registry}.
     *
     * @param ioLoops   the event loops carrying media and agent I/O (pending tasks per loop)
     * @param allocator the buffer allocator the channels use (its memory and, when pooled, its arenas)
     */
    public RuntimeMetrics(MeterRegistry registry, EventExecutorGroup ioLoops, ByteBufAllocator allocator) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ioLoops != null) {
            List<EventExecutor> executors = new ArrayList<>();
            ioLoops.forEach(executors::add);
            new NettyEventExecutorMetrics(executors).bindTo(registry);
        }
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    @Override
    public void close() {
        gc.close();
    }
}
