package io.trunkline.metrics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.history.CallHistory;
import io.trunkline.metrics.records.CallRecordJson;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's routes, GET only: {@code /metrics} (Prometheus text), {@code /health}, {@code /ready} (503 unless
 * ready), {@code /calls} (active calls, recent records newest first, headline figures), {@code /calls/{id}} (an
 * active call or a recent record, by gateway call id or SIP Call-ID: its page when the request's {@code Accept}
 * prefers HTML, else JSON), {@code /history} (the last hour minute by minute), {@code /assets/…} (the pages'
 * script, styles and charting library) and {@code /} (the live page); when enabled, the token-guarded
 * {@code POST /admin/drain} and {@code GET /admin/config} ({@link AdminRoutes}); and whatever further
 * {@link HttpEndpoint}s were added (asked first, any method). Stateless and shared by every connection.
 */
@ChannelHandler.Sharable
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    private final Supplier<String> scrape;
    private final GatewayStatus status;
    private final byte[] dashboard;
    private final byte[] callPage;
    private final WebAssets assets;
    private final ObjectMapper mapper = CallRecordJson.mapper();
    private final AdminRoutes admin;
    private final List<HttpEndpoint> endpoints;

    HttpRoutes(Supplier<String> scrape, GatewayStatus status) {
        this(scrape, status, null, List.of());
    }

    /**
     * @param admin     the admin routes, or null when they are off (their paths answer 404)
     * @param endpoints further endpoints, asked in order before the built-in routes
     */
    HttpRoutes(Supplier<String> scrape, GatewayStatus status, AdminRoutes admin, List<HttpEndpoint> endpoints) {
        this.scrape = scrape;
        this.status = status;
        this.dashboard = Pages.load(Pages.DASHBOARD);
        this.callPage = Pages.load(Pages.CALL);
        this.assets = WebAssets.load();
        this.admin = admin;
        this.endpoints = List.copyOf(endpoints);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            SocketAddress peer = ctx.channel().remoteAddress();
            response = route(request, peer instanceof InetSocketAddress remote ? remote : null);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("HTTP {} failed: {}", request.uri(), e.toString());
            response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (response.status().code() != 204) { // a 204 has no body and carries no Content-Length (RFC 9110)
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(FullHttpRequest request, InetSocketAddress remote) throws JsonProcessingException {
        String requestPath = new QueryStringDecoder(request.uri()).path();
        for (HttpEndpoint endpoint : endpoints) {
            if (endpoint.serves(requestPath)) {
                return endpoint.handle(request, requestPath, remote);
            }
        }
        if (requestPath.startsWith("/admin/")) {
            return admin(request, requestPath);
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        return switch (path) {
            case "/", "/index.html" -> response(HttpResponseStatus.OK, "text/html; charset=utf-8", dashboard);
            case "/metrics" -> response(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                    scrape.get().getBytes(StandardCharsets.UTF_8));
            case "/health" -> json(HttpResponseStatus.OK, mapper.createObjectNode().put("status", "up"));
            case "/ready" -> ready();
            case "/calls", "/calls/" -> json(HttpResponseStatus.OK, calls());
            case "/history" -> history();
            default -> {
                if (path.startsWith("/calls/")) {
                    yield call(path.substring("/calls/".length()),
                            AcceptHeader.prefersHtml(request.headers().get(HttpHeaderNames.ACCEPT)));
                }
                if (path.startsWith(WebAssets.PREFIX) && assets.body(path) != null) {
                    yield response(HttpResponseStatus.OK, assets.contentType(path), assets.body(path));
                }
                yield text(HttpResponseStatus.NOT_FOUND, "not found\n");
            }
        };
    }

    /** {@code POST /admin/drain} and {@code GET /admin/config}: 404 when off, 401 without the right token. */
    private FullHttpResponse admin(FullHttpRequest request, String path) throws JsonProcessingException {
        if (admin == null) {
            return text(HttpResponseStatus.NOT_FOUND, "not found\n");
        }
        return switch (admin.decide(request, path)) {
            case NOT_FOUND -> text(HttpResponseStatus.NOT_FOUND, "not found\n");
            case UNAUTHORIZED -> {
                FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, "unauthorized\n");
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"trunkline-admin\"");
                yield r;
            }
            case WRONG_METHOD -> {
                FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
                r.headers().set(HttpHeaderNames.ALLOW, AdminRoutes.allowed(path));
                yield r;
            }
            case DRAIN -> {
                LOG.info("drain requested on the admin endpoint");
                admin.api().drain();
                yield json(HttpResponseStatus.ACCEPTED, mapper.createObjectNode().put("state", "draining"));
            }
            case CONFIG -> json(HttpResponseStatus.OK, mapper.valueToTree(admin.api().effectiveConfig()));
        };
    }

    private FullHttpResponse ready() throws JsonProcessingException {
        boolean ready = status.ready();
        ObjectNode body = mapper.createObjectNode().put("ready", ready).put("state", status.state());
        return json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private ObjectNode calls() {
        List<ActiveCall> active = status.activeCalls();
        List<CallRecord> recent = status.recentRecords();
        ObjectNode body = mapper.createObjectNode();
        body.put("now", Instant.now().toString());
        body.put("state", status.state());
        body.put("callsEnded", status.callsEnded());
        body.set("summary", mapper.valueToTree(CallsSummary.of(recent)));
        body.set("active", mapper.valueToTree(active));
        var records = body.putArray("recent");
        for (int i = recent.size() - 1; i >= 0; i--) {
            records.add(mapper.valueToTree(recent.get(i)));
        }
        return body;
    }

    /** {@code /history}: the last hour minute by minute, with the calls in progress sampled now. */
    private FullHttpResponse history() throws JsonProcessingException {
        CallHistory history = status.history();
        if (history == null) {
            return text(HttpResponseStatus.NOT_FOUND, "not found\n");
        }
        history.sampleActive(status.activeCalls().size());
        ObjectNode body = mapper.createObjectNode();
        body.put("now", Instant.now().toString());
        body.set("minutes", mapper.valueToTree(history.lastHour()));
        return json(HttpResponseStatus.OK, body);
    }

    /** A call's page when a browser asks for HTML (404 when the call is unknown), else its JSON. */
    private FullHttpResponse call(String id, boolean html) throws JsonProcessingException {
        ObjectNode found = findCall(id);
        if (html) {
            return response(found == null ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                    "text/html; charset=utf-8", callPage);
        }
        return found == null
                ? json(HttpResponseStatus.NOT_FOUND, mapper.createObjectNode().put("error", "no such call"))
                : json(HttpResponseStatus.OK, found);
    }

    /** An active call or a recent record, by gateway call id or SIP Call-ID; null when there is none. */
    private ObjectNode findCall(String id) {
        for (ActiveCall call : status.activeCalls()) {
            if (call.callId().equals(id) || id.equals(call.sipCallId())) {
                ObjectNode body = mapper.createObjectNode().put("active", true);
                body.set("call", mapper.valueToTree(call));
                return body;
            }
        }
        List<CallRecord> recent = status.recentRecords();
        for (int i = recent.size() - 1; i >= 0; i--) {
            CallRecord r = recent.get(i);
            if (r.callId().equals(id) || (r.parties() != null && id.equals(r.parties().sipCallId()))) {
                ObjectNode body = mapper.createObjectNode().put("active", false);
                body.set("record", mapper.valueToTree(r));
                return body;
            }
        }
        return null;
    }

    private FullHttpResponse json(HttpResponseStatus code, ObjectNode body) throws JsonProcessingException {
        return response(code, JSON, mapper.writeValueAsBytes(body));
    }

    private static FullHttpResponse text(HttpResponseStatus code, String body) {
        return response(code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus code, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection error: {}", cause.toString());
        ctx.close();
    }
}
