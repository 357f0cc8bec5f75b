package io.trunkline.server.hostile;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback agent speaking the raw PCM protocol that echoes every audio frame straight back and counts, per
 * session, the frames and bytes it received. Tests reach a session's channel to make the agent misbehave (send
 * garbage, hang up, reset the connection).
 */
final class EchoAgent implements AutoCloseable {
    /** The header a caller sends to find its agent session: it reaches the agent in the start message. */
    static final String TAG_HEADER = "X-Call-Tag";
    private static final Pattern TAG = Pattern.compile("(?i)\"" + TAG_HEADER + "\"\\s*:\\s*\"([^\"]+)\"");

    /** One agent WebSocket session, i.e. one call. */
    static final class Session {
        final Channel channel;
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        /** Frames whose samples are not all (near) zero: caller audio rather than silence. */
        final AtomicLong audibleFrames = new AtomicLong();
        volatile int closeCode = -1;
        volatile boolean closed;

        Session(Channel channel) {
            this.channel = channel;
        }

        /** Sends a JSON control message to the gateway. */
        void send(String json) {
            channel.writeAndFlush(new TextWebSocketFrame(json));
        }

        /** Drops the connection with a TCP reset and no close frame, as a crashed agent would. */
        void crash() {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            // Past the pipeline: the WebSocket handler would otherwise send a normal close frame first.
            channel.eventLoop().execute(() -> channel.unsafe().close(channel.unsafe().voidPromise()));
        }
    }

    private final AgentSocketServer server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Session> byTag = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean echo = true;

    EchoAgent(EventLoopGroup group) {
        server = new AgentSocketServer(group, Recorder::new);
    }

    URI uri() {
        return server.uri();
    }

    void echo(boolean on) {
        echo = on;
    }

    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** Sessions whose connection is still open. */
    int openSessions() {
        return open.get();
    }

    /** Waits for the {@code index}-th session (0-based) to open. */
    Session awaitSession(int index) {
        return Await.value(Duration.ofSeconds(10), "agent session #" + index,
                () -> sessions.size() > index ? sessions.get(index) : null);
    }

    /** Waits for the session of the call whose INVITE carried {@link #TAG_HEADER} {@code tag}. */
    Session awaitTagged(String tag) {
        return Await.value(Duration.ofSeconds(10), "the agent session of call " + tag, () -> byTag.get(tag));
    }

    /** Forgets the tagged session (the caller is done with it), so that many calls do not pile up here. */
    void forget(String tag) {
        Session s = byTag.remove(tag);
        if (s != null) {
            sessions.remove(s);
        }
    }

    @Override
    public void close() {
        server.close();
        for (Session s : sessions) {
            s.channel.close().syncUninterruptibly();
        }
    }

    private static boolean audible(ByteBuf pcm) {
        for (int i = pcm.readerIndex(); i + 1 < pcm.writerIndex(); i += 2) {
            if (Math.abs(pcm.getShortLE(i)) > 64) {
                return true;
            }
        }
        return false;
    }

    /** Records and echoes one session. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        private Session session;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                session = new Session(ctx.channel());
                open.incrementAndGet();
                sessions.add(session);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (session == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof BinaryWebSocketFrame frame) {
                session.frames.incrementAndGet();
                session.bytes.addAndGet(frame.content().readableBytes());
                if (audible(frame.content())) {
                    session.audibleFrames.incrementAndGet();
                }
                if (echo) {
                    ctx.writeAndFlush(frame); // ownership passes to the write
                    return;
                }
            } else if (msg instanceof TextWebSocketFrame text) {
                session.texts.add(text.text());
                Matcher tag = TAG.matcher(text.text());
                if (tag.find()) {
                    byTag.put(tag.group(1), session);
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                session.closeCode = close.statusCode();
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (session != null) {
                session.closed = true;
                open.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
