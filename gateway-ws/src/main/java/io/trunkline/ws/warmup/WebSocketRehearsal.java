package io.trunkline.ws.warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;

/**
 * One WebSocket connection between two in-memory channels, with the codecs agent connections use: the client's
 * HTTP upgrade and handshake, binary and text frames both ways (masked from the client), and the close handshake.
 */
final class WebSocketRehearsal {
    private static final URI URI_ = URI.create("ws://127.0.0.1:9/agent");
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private WebSocketRehearsal() {
    }

    /** @return whether the handshake completed and the frames came back */
    static boolean run(byte[] audio) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024));
        EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new WebSocketServerProtocolHandler("/agent", null, false, MAX_FRAME_BYTES), new Echo());
        try {
            WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(URI_,
                    WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), MAX_FRAME_BYTES, true, false);
            handshaker.handshake(client);
            carry(client, server);
            carry(server, client);
            FullHttpResponse response = client.readInbound();
            if (response == null) {
                return false;
            }
            try {
                handshaker.finishHandshake(client, response);
            } finally {
                response.release();
            }
            int echoed = 0;
            for (int i = 0; i < 3; i++) {
                client.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(audio)));
                client.writeOutbound(new TextWebSocketFrame("{\"type\":\"warm-up\"}"));
                carry(client, server);
                carry(server, client);
                echoed += drain(client);
            }
            client.writeOutbound(new CloseWebSocketFrame(1000, "warm-up"));
            carry(client, server);
            carry(server, client);
            drain(client);
            return echoed == 6;
        } finally {
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    /** Moves what {@code from} wrote to {@code to}'s inbound side. */
    private static void carry(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object out = from.readOutbound(); out != null; out = from.readOutbound()) {
            to.writeInbound(out);
        }
    }

    private static int drain(EmbeddedChannel channel) {
        int n = 0;
        for (Object in = channel.readInbound(); in != null; in = channel.readInbound()) {
            ReferenceCountUtil.release(in);
            n++;
        }
        return n;
    }

    /** Sends every data frame back, as an agent that echoes. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            ByteBuf content = frame.content().retain();
            ctx.writeAndFlush(frame instanceof TextWebSocketFrame ? new TextWebSocketFrame(content)
                    : new BinaryWebSocketFrame(content));
        }
    }
}
