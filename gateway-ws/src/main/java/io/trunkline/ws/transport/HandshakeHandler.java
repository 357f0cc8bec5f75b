package io.trunkline.ws.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;

/**
 * Runs the client side of the WebSocket opening handshake, then installs the frame decoder and removes itself.
 * A non-101 answer is reported to the leg with its HTTP status.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    /** The name {@link WebSocketClientHandshaker#finishHandshake} gives its frame decoder. */
    private static final String DECODER_NAME = "ws-decoder";

    private final WebSocketClientHandshaker handshaker;
    private final int maxFrameBytes;
    private final WebSocketLeg leg;

    HandshakeHandler(WebSocketClientHandshaker handshaker, int maxFrameBytes, WebSocketLeg leg) {
        this.handshaker = handshaker;
        this.maxFrameBytes = maxFrameBytes;
        this.leg = leg;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker.handshake(ctx.channel()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ctx.fireExceptionCaught(f.cause());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            leg.onHandshakeRejected(Failures.forHandshakeResponse(response));
            return;
        } finally {
            response.release();
        }
        installFrameDecoder(ctx.pipeline());
        ctx.pipeline().remove(this);
        leg.onHandshakeComplete();
    }

    /**
     * Replaces the handshaker's decoder with one that does not close the channel by itself on a protocol violation,
     * so that every close (with its status code) goes through the leg, and aggregates fragmented messages up to the
     * same size limit.
     */
    private void installFrameDecoder(ChannelPipeline pipeline) {
        WebSocketFrameDecoder decoder = new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(maxFrameBytes)
                .closeOnProtocolViolation(false)
                .build());
        pipeline.replace(DECODER_NAME, DECODER_NAME, decoder);
        pipeline.addAfter(DECODER_NAME, "ws-aggregator", new WebSocketFrameAggregator(maxFrameBytes));
    }
}
