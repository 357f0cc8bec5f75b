package io.trunkline.ws.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.trunkline.core.testing.Await;
import io.trunkline.ws.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A loopback agent built for Twilio Media Streams, as a Pipecat-style bot sees the gateway: every message it gets
 * is checked by a {@link MediaStreamsValidator}; caller audio is echoed back as agent {@code media} messages
 * carrying only {@code streamSid} and {@code media.payload}; marks and clears are sent on command.
 */
public final class FakeTwilioAgent implements AutoCloseable {

    /** Open and past streams, in order. */
    public final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final Channel server;
    private volatile Consumer<Stream> onStart = s -> { };

    public FakeTwilioAgent(EventLoopGroup group, Transport transport) {
        server = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverChannels())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/stream")
                                        .checkStartsWith(true)
                                        .handleCloseFrames(false)
                                        .maxFramePayloadLength(1 << 20)
                                        .build()),
                                new StreamHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** The agent's URL, with a token in the query as real deployments have. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort()
                + "/stream?token=agent-secret-token");
    }

    /**
     * What every stream does once its {@code start} message arrived, on the stream's event loop, before the
     * echo of the first caller audio (e.g. send what some real agents send: ElevenLabs' Twilio example sends
     * {@code conversation_initiation_client_data} on the stream socket).
     */
    public void onStart(Consumer<Stream> action) {
        onStart = action;
    }

    /** The first stream, once it has received its start message. */
    public Stream awaitStream(Duration timeout) {
        Await.until(timeout, "a stream with its start message",
                () -> !streams.isEmpty() && streams.get(0).validator.start() != null);
        return streams.get(0);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Stream s : streams) {
            s.channel.close().syncUninterruptibly();
        }
    }

    /** One stream, as the agent sees it. */
    public static final class Stream {
        public final Channel channel;
        public final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        /** The WebSocket upgrade request's URI (path and query) and headers. */
        public final String requestUri;
        public final HttpHeaders requestHeaders;
        final MediaStreamsValidator validator = new MediaStreamsValidator();
        volatile boolean echo = true;

        Stream(Channel channel, String requestUri, HttpHeaders requestHeaders) {
            this.channel = channel;
            this.requestUri = requestUri;
            this.requestHeaders = requestHeaders;
        }

        public List<String> violations() {
            return validator.violations;
        }

        public String streamSid() {
            return validator.streamSid();
        }

        /** The {@code start} object of the start message, or null before it arrived. */
        public JsonNode start() {
            return validator.start();
        }

        /** Every text message received, parsed, in order. */
        public List<JsonNode> messages() {
            return List.copyOf(validator.messages);
        }

        public void sendMark(String name) {
            sendText("{\"event\":\"mark\",\"streamSid\":\"" + streamSid() + "\",\"mark\":{\"name\":\"" + name + "\"}}");
        }

        public void sendClear() {
            sendText("{\"event\":\"clear\",\"streamSid\":\"" + streamSid() + "\"}");
        }

        public void sendText(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        public void sendBinary(byte[] data) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
        }
    }

    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private Stream stream;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                stream = new Stream(ctx.channel(), handshake.requestUri(), handshake.requestHeaders().copy());
                streams.add(stream);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    boolean first = stream.validator.start() == null;
                    JsonNode m = stream.validator.accept(text.text());
                    if (first && stream.validator.start() != null) {
                        onStart.accept(stream);
                    }
                    if (stream.echo && m != null && "media".equals(m.path("event").asText())) {
                        // Exactly what Pipecat's Twilio serializer sends for bot audio.
                        ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"media\",\"streamSid\":\""
                                + stream.streamSid() + "\",\"media\":{\"payload\":\""
                                + m.path("media").path("payload").asText() + "\"}}"));
                    }
                } else if (msg instanceof BinaryWebSocketFrame) {
                    stream.validator.acceptBinary();
                } else if (msg instanceof CloseWebSocketFrame close) {
                    stream.closeCodes.add(close.statusCode());
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), null))
                            .addListener(ChannelFutureListener.CLOSE);
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
