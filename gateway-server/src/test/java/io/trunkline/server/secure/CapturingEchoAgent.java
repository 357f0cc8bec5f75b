package io.trunkline.server.secure;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.trunkline.server.testing.AgentSocketServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback agent of the raw PCM protocol that keeps everything each call sent it (what reached the agent) and
 * echoes every frame straight back (so the caller hears itself, through both directions of the media path).
 */
final class CapturingEchoAgent implements AutoCloseable {
    private final AgentSocketServer server;
    private final List<ByteArrayOutputStream> calls = new CopyOnWriteArrayList<>();

    CapturingEchoAgent(EventLoopGroup group) {
        server = new AgentSocketServer(group, Capture::new);
    }

    URI uri() {
        return server.uri();
    }

    /** PCM16LE received by each session so far, in the order the sessions opened. */
    List<byte[]> received() {
        return calls.stream().map(b -> {
            synchronized (b) {
                return b.toByteArray();
            }
        }).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Capture extends ChannelInboundHandlerAdapter {
        private ByteArrayOutputStream pcm;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pcm = new ByteArrayOutputStream();
            calls.add(pcm);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof BinaryWebSocketFrame frame) {
                byte[] bytes = ByteBufUtil.getBytes(frame.content());
                synchronized (pcm) {
                    pcm.writeBytes(bytes);
                }
                ctx.writeAndFlush(frame); // the echo; ownership passes to the write
                return;
            }
            if (msg instanceof CloseWebSocketFrame) {
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
