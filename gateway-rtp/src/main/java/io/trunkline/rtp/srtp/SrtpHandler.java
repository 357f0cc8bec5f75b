package io.trunkline.rtp.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The SRTP stage of one channel (RTP or RTCP), first after the socket: a received datagram is authenticated and
 * decrypted in its own buffer before it goes on (or dropped and counted), a datagram written toward the carrier
 * is encrypted and authenticated in its own buffer on its way out. While the leg has no keys it passes everything
 * unchanged; once the leg closed it passes nothing. Runs on the channel's loop, where the stage lives.
 */
final class SrtpHandler extends ChannelDuplexHandler {
    private final SrtpStage stage;
    private final boolean rtcp;
    private final PacketBuffer in = new PacketBuffer();
    private final PacketBuffer out = new PacketBuffer();

    SrtpHandler(SrtpStage stage, boolean rtcp) {
        this.stage = stage;
        this.rtcp = rtcp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        SrtpStage.Mode mode = stage.mode();
        if (mode == SrtpStage.Mode.PLAIN || !(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (mode == SrtpStage.Mode.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf content = packet.content();
        ReceivingContexts contexts = stage.receiving();
        SrtpVerdict verdict = !in.load(content) ? SrtpVerdict.AUTH
                : rtcp ? contexts.unprotectRtcp(in) : contexts.unprotectRtp(in);
        if (verdict != SrtpVerdict.OK) {
            stage.drops().inbound(rtcp, verdict, packet.sender());
            packet.release();
            return;
        }
        in.storeInto(content);
        ctx.fireChannelRead(packet);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        SrtpStage.Mode mode = stage.mode();
        if (mode == SrtpStage.Mode.PLAIN || !(msg instanceof DatagramPacket packet)) {
            ctx.write(msg, promise);
            return;
        }
        SendingContexts contexts = stage.sending();
        SrtpVerdict verdict = mode == SrtpStage.Mode.CLOSED || !out.load(packet.content()) ? SrtpVerdict.AUTH
                : rtcp ? contexts.protectRtcp(out) : contexts.protectRtp(out);
        if (verdict != SrtpVerdict.OK) {
            ReferenceCountUtil.release(packet);
            if (mode != SrtpStage.Mode.CLOSED) {
                stage.drops().outbound();
            }
            promise.trySuccess(); // dropped and counted, like a packet a full channel refuses; void: a no-op
            return;
        }
        ByteBuf content = packet.content();
        if (content.maxCapacity() - content.readerIndex() >= out.getLength()) {
            out.storeInto(content);
            ctx.write(packet, promise);
            return;
        }
        // A buffer that cannot grow by the tag: the protected packet goes in a new one.
        ByteBuf bigger = ctx.alloc().directBuffer(out.getLength());
        out.writeTo(bigger);
        DatagramPacket replaced = packet.replace(bigger);
        packet.release();
        ctx.write(replaced, promise);
    }
}
