package io.trunkline.ws.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/** Builds the pipeline of one agent connection: [TLS], HTTP for the handshake, then WebSocket frames. */
final class PipelineInitializer extends ChannelInitializer<Channel> {

    /** Enough for any handshake answer, including an error page; larger answers fail the handshake. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;

    private final Endpoint endpoint;
    private final String host;
    private final SslContext sslContext;
    private final int maxFrameBytes;
    private final long timeoutMillis;
    private final WebSocketLeg leg;

    PipelineInitializer(Endpoint endpoint, String host, SslContext sslContext, int maxFrameBytes,
            long timeoutMillis, WebSocketLeg leg) {
        this.endpoint = endpoint;
        this.host = host;
        this.sslContext = sslContext;
        this.maxFrameBytes = maxFrameBytes;
        this.timeoutMillis = timeoutMillis;
        this.leg = leg;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(ch.alloc(), host, endpoint.port());
            tls.setHandshakeTimeoutMillis(timeoutMillis);
            p.addLast("tls", tls);
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
        p.addLast("handshake", new HandshakeHandler(newHandshaker(), maxFrameBytes, leg));
        p.addLast("agent", new FrameHandler(leg));
    }

    private WebSocketClientHandshaker newHandshaker() {
        HttpHeaders headers = new DefaultHttpHeaders();
        endpoint.headers().forEach(headers::add);
        return WebSocketClientHandshakerFactory.newHandshaker(endpoint.uri(), WebSocketVersion.V13, null, false,
                headers, maxFrameBytes, true, false);
    }
}
