package io.trunkline.rtp.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.LegObserver;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only Netty handler of a media channel: hands each datagram's content to a consumer, which must not keep it;
 * the datagram is released here, exactly once, after the consumer returns (auto-release). Exceptions, including
 * failed writes (packets are written with the void promise), are counted and never close the channel: one bad
 * datagram must not end a call.
 */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Consumes one datagram's content; the buffer is borrowed for the duration of the call. */
    @FunctionalInterface
    interface Consumer {
        void onDatagram(ByteBuf content, InetSocketAddress sender, long arrivalNanos);
    }

    private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);

    private final String callId;
    private final Consumer consumer;
    private final LegObserver observer;
    private final LogLimiter warnings = new LogLimiter(InboundDrops.WARNING_INTERVAL_MILLIS, 1);
    private long errors;

    DatagramHandler(String callId, Consumer consumer) {
        this(callId, consumer, LegObserver.NONE);
    }

    /** A handler that also reports each channel error to {@code observer}. */
    DatagramHandler(String callId, Consumer consumer, LegObserver observer) {
        super(DatagramPacket.class, true);
        this.callId = callId;
        this.consumer = consumer;
        this.observer = observer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        consumer.onDatagram(packet.content(), packet.sender(), System.nanoTime());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors++;
        observer.channelError();
        if (warnings.tryAcquire() >= 0) {
            log.warn("call {}: error on {} ({} so far): {}", callId, ctx.channel().localAddress(), errors,
                    cause.toString());
        }
    }

    /** Exceptions seen on the channel (failed writes, read errors). */
    long errors() {
        return errors;
    }
}
