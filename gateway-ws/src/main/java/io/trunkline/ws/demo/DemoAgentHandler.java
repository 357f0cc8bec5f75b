package io.trunkline.ws.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo agent session, speaking the raw PCM protocol at 16 kHz: greets the caller with three tones, sent in
 * 200 ms chunks at twice real time as a real agent's bursts would be, then echoes the caller's audio back half a
 * second later; answers a DTMF digit with a beep and a {@code hangup} with a normal close.
 */
final class DemoAgentHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DemoAgentHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final int CHUNK_MILLIS = 200;
    static final int CHUNK_INTERVAL_MILLIS = 100;
    static final int ECHO_DELAY_MILLIS = 500;
    /** Ten seconds of 16 kHz PCM16 waiting to be echoed at most; a caller cannot get further ahead than that. */
    private static final int MAX_ECHO_BYTES = DemoAudio.bytesFor(10_000);

    private final DemoAgentStats stats;
    private DelayedEcho echo;
    private ScheduledFuture<?> greetingTask;
    private int greetingOffset;
    private boolean greeted;

    DemoAgentHandler(DemoAgentStats stats) {
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeComplete) {
            stats.sessionsOpened.incrementAndGet();
            echo = new DelayedEcho(ctx, ECHO_DELAY_MILLIS, MAX_ECHO_BYTES);
            sendGreetingChunk(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void sendGreetingChunk(ChannelHandlerContext ctx) {
        greetingTask = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        int length = Math.min(DemoAudio.bytesFor(CHUNK_MILLIS), DemoAudio.GREETING.length - greetingOffset);
        ByteBuf chunk = ctx.alloc().directBuffer(length).writeBytes(DemoAudio.GREETING, greetingOffset, length);
        greetingOffset += length;
        ctx.writeAndFlush(new BinaryWebSocketFrame(chunk), ctx.voidPromise());
        if (greetingOffset < DemoAudio.GREETING.length) {
            greetingTask = ctx.executor().schedule(() -> sendGreetingChunk(ctx), CHUNK_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else {
            greeted = true;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                onAudio(frame.content());
            } else if (msg instanceof TextWebSocketFrame frame) {
                onControl(ctx, frame.content());
            } else if (msg instanceof FullHttpRequest) {
                // Not a WebSocket upgrade on the agent's path.
                ctx.writeAndFlush(new DefaultFullHttpResponse(((FullHttpRequest) msg).protocolVersion(),
                        HttpResponseStatus.NOT_FOUND)).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onAudio(ByteBuf audio) {
        if (greeted) {
            echo.add(audio); // no echo while the greeting is still going out
        }
    }

    private void onControl(ChannelHandlerContext ctx, ByteBuf utf8) {
        JsonNode message;
        try (InputStream in = new ByteBufInputStream(utf8.duplicate())) {
            message = MAPPER.readTree(in);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return; // not a JSON object: ignored
        }
        switch (message.path("type").asText("")) {
            case "start" -> stats.lastCallId.set(message.path("callId").asText(null));
            case "dtmf" -> {
                stats.digits.append(message.path("digit").asText("?"));
                ByteBuf beep = ctx.alloc().directBuffer(DemoAudio.BEEP.length).writeBytes(DemoAudio.BEEP);
                ctx.writeAndFlush(new BinaryWebSocketFrame(beep), ctx.voidPromise());
            }
            case "hangup" -> {
                stats.hangupsReceived.incrementAndGet();
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
            }
            default -> {
                // marks and anything newer: nothing to do
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (echo != null) {
            stats.sessionsClosed.incrementAndGet();
            echo.clear();
        }
        if (greetingTask != null) {
            greetingTask.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("demo agent connection error: {}", cause.toString());
        ctx.close();
    }
}
