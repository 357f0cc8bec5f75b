package io.trunkline.ws.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/** The last handler of an agent connection: hands frames, errors and the channel's end to the leg. */
final class FrameHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketLeg leg;

    FrameHandler(WebSocketLeg leg) {
        this.leg = leg;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                leg.onMessage(frame.content(), true);
            } else if (msg instanceof TextWebSocketFrame frame) {
                leg.onMessage(frame.content(), false);
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            } else if (msg instanceof CloseWebSocketFrame close) {
                leg.onAgentClose(close.statusCode());
            }
            // Pongs and anything else: nothing to do.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leg.onChannelInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        leg.onChannelError(cause);
    }
}
