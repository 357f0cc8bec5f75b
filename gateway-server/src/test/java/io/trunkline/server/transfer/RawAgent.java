package io.trunkline.server.transfer;

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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback agent speaking the raw PCM protocol that keeps quiet: it counts the caller's audio frames, records
 * the gateway's text messages, and sends control messages (transfer, hangup) when a test tells it to.
 */
final class RawAgent implements AutoCloseable {

    /** One agent WebSocket session, i.e. one call. */
    static final class Session {
        final Channel channel;
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicInteger frames = new AtomicInteger();

        Session(Channel channel) {
            this.channel = channel;
        }

        void send(String json) {
            channel.writeAndFlush(new TextWebSocketFrame(json)).syncUninterruptibly();
        }

        /** Waits for a text message containing {@code part}, and returns it. */
        String awaitText(String part, Duration wait) {
            return Await.value(wait, "an agent message with " + part,
                    () -> texts.stream().filter(t -> t.contains(part)).findFirst().orElse(null));
        }

        /** Waits until {@code more} audio frames arrived beyond {@code from}. */
        void awaitFrames(int from, int more, Duration wait) {
            Await.until(wait, (from + more) + " caller audio frames at the agent", () -> frames.get() >= from + more);
        }
    }

    private final AgentSocketServer server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    RawAgent(EventLoopGroup group) {
        server = new AgentSocketServer(group, Handler::new);
    }

    URI uri() {
        return server.uri();
    }

    /** Waits for the {@code index}-th session (0-based) to open. */
    Session awaitSession(int index, Duration wait) {
        return Await.value(wait, "agent session #" + index,
                () -> sessions.size() > index ? sessions.get(index) : null);
    }

    @Override
    public void close() {
        server.close();
        for (Session s : sessions) {
            s.channel.close().syncUninterruptibly();
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
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
                } else if (msg instanceof BinaryWebSocketFrame) {
                    session.frames.incrementAndGet();
                } else if (msg instanceof CloseWebSocketFrame close) {
                    ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
