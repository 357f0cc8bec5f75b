package io.trunkline.bench.load.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.trunkline.bench.load.call.LoadCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The first handler of every agent connection: answers Vapi's {@code POST /call} (a call whose
 * {@code websocketCallUrl} names the harness's call, found from {@code assistantOverrides.metadata.twilioCallSid};
 * a top-level {@code metadata} is refused as Vapi refuses it), and upgrades WebSocket requests on {@code /twilio}
 * (Twilio Media Streams) and {@code /vapi/<call>} (Vapi PCM16) to the matching session handler.
 */
final class AgentRequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private final AgentContext context;
    private final String baseWs;

    AgentRequestRouter(AgentContext context, String baseWs) {
        this.context = context;
        this.baseWs = baseWs;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri();
        if (request.method() == HttpMethod.POST && path.equals("/call")) {
            createCall(ctx, request);
        } else if (request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && (path.equals("/twilio") || path.startsWith("/vapi/"))) {
            upgrade(ctx, request, path);
        } else {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"message\":\"not found\"}");
        }
    }

    private void createCall(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
            respond(ctx, request, HttpResponseStatus.UNAUTHORIZED, "{\"message\":\"no key\"}");
            return;
        }
        int index = -1;
        try {
            JsonNode body = JSON.readTree((java.io.InputStream) new ByteBufInputStream(request.content().duplicate()));
            if (body.has("metadata")) { // as Vapi's API answers a property CreateCallDTO does not have
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "{\"message\":[\"property metadata should not exist\"]}");
                return;
            }
            index = LoadCall.indexOfSid(body.path("assistantOverrides").path("metadata").path("twilioCallSid")
                    .asText(null));
        } catch (IOException e) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"message\":\"invalid JSON\"}");
            return;
        }
        context.callsCreated++;
        String id = "bench-" + (index >= 0 ? index : "x" + context.callsCreated);
        respond(ctx, request, HttpResponseStatus.CREATED, "{\"id\":\"" + id + "\",\"transport\":{\"provider\":"
                + "\"vapi.websocket\",\"websocketCallUrl\":\"" + baseWs + "/vapi/" + index + "\"}}");
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(baseWs + path, null, false,
                MAX_FRAME_BYTES).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        int seed = (int) context.sessionsOpened * 31 + 7;
        AgentSession session;
        if (path.equals("/twilio")) {
            session = new TwilioAgentSession(context, handshaker, seed);
        } else {
            int index;
            try {
                index = Integer.parseInt(path.substring("/vapi/".length()));
            } catch (NumberFormatException e) {
                index = -1;
            }
            session = new VapiAgentSession(context, handshaker, context.calls.get(index), seed);
        }
        handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.pipeline().replace(this, "session", session);
            } else {
                ctx.close();
            }
        });
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
