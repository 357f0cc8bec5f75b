package io.trunkline.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A loopback agent whose behaviour a test scripts: a WebSocket server that runs an action when a session opens and
 * records what it receives, or an HTTP server that refuses every upgrade with a fixed status.
 */
public final class ScriptedAgentServer implements AutoCloseable {

    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    public final AtomicLong binaryBytes = new AtomicLong();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    public final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    public final List<Channel> sessions = new CopyOnWriteArrayList<>();
    private final Channel server;
    private final boolean tls;

    private ScriptedAgentServer(EventLoopGroup group, Transport transport, SslContext ssl, Integer receiveBuffer,
            Consumer<ChannelPipeline> session) {
        this.tls = ssl != null;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverChannels())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192));
                        session.accept(ch.pipeline());
                    }
                });
        if (receiveBuffer != null) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** A WebSocket server that runs {@code onOpen} when a session's handshake completes. */
    public static ScriptedAgentServer webSocket(EventLoopGroup group, Transport transport, SslContext ssl,
            Consumer<ChannelHandlerContext> onOpen) {
        return webSocket(group, transport, ssl, null, onOpen);
    }

    /** As above, with a small receive buffer so that a server that stops reading pushes back quickly. */
    public static ScriptedAgentServer webSocket(EventLoopGroup group, Transport transport, SslContext ssl,
            Integer receiveBuffer, Consumer<ChannelHandlerContext> onOpen) {
        ScriptedAgentServer[] self = new ScriptedAgentServer[1];
        self[0] = new ScriptedAgentServer(group, transport, ssl, receiveBuffer, p -> {
            p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true)
                    .handleCloseFrames(false)
                    // Closing a session drops the TCP connection without a close frame, as a crashed agent would.
                    .sendCloseFrame(null)
                    .maxFramePayloadLength(1 << 20)
                    .build()));
            p.addLast(self[0].new Recorder(onOpen));
        });
        return self[0];
    }

    /** An HTTP server that answers every request with {@code status} and {@code headers}, then closes. */
    public static ScriptedAgentServer httpStatus(EventLoopGroup group, Transport transport, int status,
            Map<String, String> headers) {
        return new ScriptedAgentServer(group, transport, null, null, p -> p.addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (msg instanceof FullHttpRequest) {
                    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(status));
                    headers.forEach(response.headers()::set);
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            }
        }));
    }

    public URI uri() {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port + "/agent?token=secret");
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Channel ch : sessions) {
            ch.close().syncUninterruptibly();
        }
    }

    /** Records one session's frames. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        private final Consumer<ChannelHandlerContext> onOpen;

        Recorder(Consumer<ChannelHandlerContext> onOpen) {
            this.onOpen = onOpen;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                sessions.add(ctx.channel());
                opened.incrementAndGet();
                onOpen.accept(ctx);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    texts.add(text.text());
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    binaryBytes.addAndGet(binary.content().readableBytes());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    closeCodes.add(close.statusCode());
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.incrementAndGet();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
