package io.trunkline.rtp.receive;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.rtp.probe.MediaProbe;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only Netty handler of a media channel: hands each datagram's content to a consumer, which must not keep it;
 * the datagram is released here, exactly once, after the consumer returns (auto-release). Exceptions, including
 * failed writes (packets are written with the void promise), are counted, reported to the attached probe and never
 * close the channel: one bad datagram must not end a call.
 */
public final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Consumes one datagram's content; the buffer is borrowed for the duration of the call. */
    @FunctionalInterface
    public interface Consumer {
        void onDatagram(ByteBuf content, InetSocketAddress sender, long arrivalNanos);
    }

    private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);

    private final String callId;
    private final Consumer consumer;
    private final LogLimiter warnings = new LogLimiter(InboundDrops.WARNING_INTERVAL_MILLIS, 1);
    private MediaProbe probe = MediaProbe.NONE;
    private long errors;

    public DatagramHandler(String callId, Consumer consumer) {
        super(DatagramPacket.class, true);
        this.callId = callId;
        this.consumer = consumer;
    }

    /** Reports each channel error to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        consumer.onDatagram(packet.content(), packet.sender(), System.nanoTime());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors++;
        probe.channelError();
        if (warnings.tryAcquire() >= 0) {
            log.warn("call {}: error on {} ({} so far): {}", callId, ctx.channel().localAddress(), errors,
                    cause.toString());
        }
    }
}
