package io.trunkline.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** A leg's connection as its protocol sees it. Writes are dropped (and released) unless the connection is open. */
final class LegWire implements AgentWire {

    private final WebSocketAgentLeg leg;
    private ChannelPromise quietWrite;

    LegWire(WebSocketAgentLeg leg) {
        this.leg = leg;
    }

    @Override
    public ByteBufAllocator alloc() {
        Channel ch = leg.channel();
        return ch != null ? ch.alloc() : ByteBufAllocator.DEFAULT;
    }

    @Override
    public void sendText(ByteBuf utf8) {
        Channel ch = leg.writableChannel();
        if (ch != null) {
            ch.writeAndFlush(new TextWebSocketFrame(utf8), quietWrite(ch));
        } else {
            utf8.release();
            leg.countControlDropped();
        }
    }

    @Override
    public void sendBinary(ByteBuf data) {
        Channel ch = leg.writableChannel();
        if (ch != null) {
            ch.writeAndFlush(new BinaryWebSocketFrame(data), quietWrite(ch));
        } else {
            data.release();
        }
    }

    @Override
    public void countIgnored() {
        leg.countIgnored();
    }

    /**
     * A promise for fire-and-forget writes: no allocation per frame, and a failed write (the connection broke) is
     * not raised once per pending frame; the break itself is reported by the read side.
     */
    private ChannelPromise quietWrite(Channel ch) {
        if (quietWrite == null || quietWrite.channel() != ch) {
            quietWrite = new VoidChannelPromise(ch, false);
        }
        return quietWrite;
    }
}
