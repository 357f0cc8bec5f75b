package io.trunkline.server.inbound;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.AgentSocketServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback agent speaking the raw PCM protocol: a WebSocket server that records, per session, every text message
 * and every binary frame it receives, optionally echoes audio frames straight back, and sends control messages
 * (hangup, clear) when a test tells it to.
 */
public final class RecordingAgent implements AutoCloseable {

    /** One agent WebSocket session, i.e. one call. */
    public static final class Session {
        final Channel channel;
        public final List<String> texts = new CopyOnWriteArrayList<>();
        public final List<byte[]> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode = -1;
        public volatile boolean closed;

        Session(Channel channel) {
            this.channel = channel;
        }

        /** Every binary frame received, concatenated. */
        public byte[] audio() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] f : frames) {
                out.writeBytes(f);
            }
            return out.toByteArray();
        }

        /** Sends a JSON control message to the gateway. */
        public void send(String json) {
            channel.writeAndFlush(new TextWebSocketFrame(json)).syncUninterruptibly();
        }
    }

    private final AgentSocketServer server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean echo;

    public RecordingAgent(EventLoopGroup group, boolean echo) {
        this.echo = echo;
        server = new AgentSocketServer(group, Recorder::new);
    }

    public URI uri() {
        return server.uri();
    }

    /** Whether audio frames are sent straight back to the gateway. */
    void echo(boolean on) {
        echo = on;
    }

    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** Waits for the {@code index}-th session (0-based) to open. */
    public Session awaitSession(int index) {
        return Await.value(Duration.ofSeconds(10), "agent session #" + index,
                () -> sessions.size() > index ? sessions.get(index) : null);
    }

    @Override
    public void close() {
        server.close();
        for (Session s : sessions) {
            s.channel.close().syncUninterruptibly();
        }
    }

    /** Records one connection's frames; owns (and releases) every message it reads. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        private Session session;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                session = new Session(ctx.channel());
                sessions.add(session);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    session.texts.add(text.text());
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    session.frames.add(ByteBufUtil.getBytes(binary.content()));
                    if (echo) {
                        ctx.writeAndFlush(binary.retainedDuplicate());
                    }
                } else if (msg instanceof CloseWebSocketFrame close) {
                    session.closeCode = close.statusCode();
                    CloseWebSocketFrame reply = close.statusCode() > 0
                            ? new CloseWebSocketFrame(close.statusCode(), null) : new CloseWebSocketFrame();
                    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (session != null) {
                session.closed = true;
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
