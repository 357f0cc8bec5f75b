package io.trunkline.rtp.engine;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads and drops what reaches ports reserved for an outbound call before its answer: early media (ringback,
 * announcements during a 183) is not played to anyone, and must not wait in the socket buffer to reach the agent
 * as a burst once the call is answered. One per channel, on the call's loop; removed when the leg opens.
 */
final class EarlyMediaDiscard extends ChannelInboundHandlerAdapter {
    static final String NAME = "early-media";

    private long dropped;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        dropped++;
        ReferenceCountUtil.release(msg);
    }

    /** Datagrams dropped so far. */
    long dropped() {
        return dropped;
    }

    @Override
    public boolean isSharable() {
        return false;
    }
}
