package io.trunkline.ws.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.trunkline.ws.protocol.Wire;
import java.util.function.Function;

/**
 * A leg's channel as its protocol writes to it. Whether a message may be sent at all is the leg's decision, taken
 * before the protocol encodes it; the wire only writes, and counts what the protocol ignored. Loop-confined.
 */
final class ChannelWire implements Wire {

    private final ConnectorStats totals;
    private Channel channel;
    private ChannelPromise quietWrite;
    private long ignored;

    ChannelWire(ConnectorStats totals) {
        this.totals = totals;
    }

    /** The connection, once the leg has one. */
    void attach(Channel ch) {
        channel = ch;
        quietWrite = new VoidChannelPromise(ch, false);
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel != null ? channel.alloc() : ByteBufAllocator.DEFAULT;
    }

    /**
     * Fire-and-forget writes use a void promise: no allocation per frame, and a failed write (the connection broke)
     * is not raised once per pending frame; the break itself is reported by the read side.
     */
    @Override
    public void sendText(ByteBuf utf8) {
        write(utf8, TextWebSocketFrame::new);
    }

    @Override
    public void sendBinary(ByteBuf data) {
        write(data, BinaryWebSocketFrame::new);
    }

    private void write(ByteBuf content, Function<ByteBuf, WebSocketFrame> frame) {
        if (channel != null) {
            channel.writeAndFlush(frame.apply(content), quietWrite);
        } else {
            content.release();
        }
    }

    @Override
    public void countIgnored() {
        ignored++;
        totals.ignoredMessages.increment();
    }

    /** Agent messages the protocol ignored on this connection. */
    long ignored() {
        return ignored;
    }
}
