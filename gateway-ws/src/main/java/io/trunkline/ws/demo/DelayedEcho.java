package io.trunkline.ws.demo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Plays the caller's audio back after a fixed delay. Frames wait in a bounded queue (owned buffers); each one is
 * sent by a task scheduled on the connection's event loop. Loop-confined.
 */
final class DelayedEcho {

    private record Pending(ByteBuf audio, long dueNanos) {
    }

    private final ChannelHandlerContext ctx;
    private final long delayNanos;
    private final int maxPendingBytes;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int pendingBytes;

    DelayedEcho(ChannelHandlerContext ctx, long delayMillis, int maxPendingBytes) {
        this.ctx = ctx;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Queues a copy of {@code audio} (borrowed) for playback after the delay. */
    void add(ByteBuf audio) {
        int size = audio.readableBytes();
        if (pendingBytes + size > maxPendingBytes) {
            return; // beyond the echo's bound: not echoed
        }
        ByteBuf copy = ctx.alloc().directBuffer(size).writeBytes(audio, audio.readerIndex(), size);
        queue.add(new Pending(copy, System.nanoTime() + delayNanos));
        pendingBytes += size;
        ctx.executor().schedule(this::sendDue, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void sendDue() {
        long now = System.nanoTime();
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peek().dueNanos() - now <= 0) {
            Pending next = queue.poll();
            pendingBytes -= next.audio().readableBytes();
            ctx.write(new BinaryWebSocketFrame(next.audio()), ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** Releases everything still queued; the connection is gone. */
    void clear() {
        Pending next;
        while ((next = queue.poll()) != null) {
            next.audio().release();
        }
        pendingBytes = 0;
    }
}
