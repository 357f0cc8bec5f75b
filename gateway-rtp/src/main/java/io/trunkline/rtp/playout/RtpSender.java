package io.trunkline.rtp.playout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.packet.RtpWriter;
import io.trunkline.rtp.receive.DatagramHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Builds the pacer's packets in pooled direct buffers from the channel's allocator and writes each with one
 * flush. The void promise spares a future per packet; a failed write surfaces in the channel's
 * {@link io.trunkline.rtp.receive.DatagramHandler} and is counted there. Packets that cannot be written at all
 * (channel closed or its outbound buffer full) are reported to the {@link DropObserver}
 * ({@link DropReason#NOT_WRITTEN}), never thrown.
 */
public final class RtpSender implements RtpPacketSink {

    private final Channel channel;
    private final int payloadType;
    private final long ssrc;
    private final Supplier<InetSocketAddress> target;
    private final DropObserver drops;

    public RtpSender(Channel channel, int payloadType, long ssrc, Supplier<InetSocketAddress> target,
            DropObserver drops) {
        this.drops = drops;
        this.channel = channel;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.target = target;
    }

    @Override
    public boolean send(boolean marker, int sequence, long timestamp, byte[] payload, int length) {
        if (!channel.isActive() || !channel.isWritable()) {
            drops.dropped(DropReason.NOT_WRITTEN, 1);
            return false;
        }
        ByteBuf packet = channel.alloc().directBuffer(RtpParser.FIXED_HEADER_BYTES + length);
        try {
            RtpWriter.write(packet, marker, payloadType, sequence, timestamp, ssrc, payload, 0, length);
            channel.writeAndFlush(new DatagramPacket(packet, target.get()), channel.voidPromise());
            packet = null; // handed to the channel, which releases it once sent or failed
            return true;
        } finally {
            if (packet != null) {
                packet.release();
            }
        }
    }

    @Override
    public boolean sendPacket(byte[] whole, int length) {
        if (!channel.isActive() || !channel.isWritable()) {
            drops.dropped(DropReason.NOT_WRITTEN, 1);
            return false;
        }
        ByteBuf packet = channel.alloc().directBuffer(length);
        try {
            packet.writeBytes(whole, 0, length);
            channel.writeAndFlush(new DatagramPacket(packet, target.get()), channel.voidPromise());
            packet = null; // handed to the channel
            return true;
        } finally {
            if (packet != null) {
                packet.release();
            }
        }
    }
}
