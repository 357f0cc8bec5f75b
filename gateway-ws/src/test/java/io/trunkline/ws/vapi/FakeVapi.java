package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
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
import io.netty.util.ReferenceCountUtil;
import io.trunkline.core.testing.Await;
import io.trunkline.ws.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback Vapi that is as strict as the real one: {@code POST /call} with the bearer key checked, a
 * {@code User-Agent} required (the edge in front of Vapi's API answers 403 without one), and the body validated
 * against Vapi's published schema by {@link VapiCallSchema} (an unknown property anywhere gets
 * {@code 400 {"message":["property X should not exist"],…}}); a valid call is answered with {@code id} and
 * {@code transport.websocketCallUrl}. Behind it, the call's WebSocket: binary audio echoed back in bursts of other
 * sizes, text recorded, close frames answered. Tests make the REST side fail on demand (any status, a malformed
 * answer, no answer at all) and script the socket side through {@link Session}.
 */
public final class FakeVapi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bodies of every well-formed, authorised {@code POST /call}. */
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    /** What was wrong with requests that did not match Vapi's API. */
    public final List<String> violations = new CopyOnWriteArrayList<>();
    /** The {@code User-Agent} of every {@code POST /call} (null when absent). */
    public final List<String> userAgents = new CopyOnWriteArrayList<>();
    /** The {@code User-Agent} of every WebSocket handshake for a known call (null when absent). */
    public final List<String> socketUserAgents = new CopyOnWriteArrayList<>();
    /** The ids of the calls created, in order. */
    public final List<String> createdIds = new CopyOnWriteArrayList<>();
    /** Open and past call sockets, in order. */
    public final List<Session> sessions = new CopyOnWriteArrayList<>();

    private final String apiKey;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final Channel ws;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private volatile Answer answer = Answer.CREATE;

    private record Answer(int status, Map<String, String> headers, String body, boolean hang) {
        static final Answer CREATE = new Answer(201, Map.of(), null, false);
    }

    public FakeVapi(EventLoopGroup group, Transport transport, String apiKey) throws IOException {
        this.apiKey = apiKey;
        ws = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverChannels())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new KnownCallsOnly(),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/")
                                        .checkStartsWith(true)
                                        .handleCloseFrames(false)
                                        .maxFramePayloadLength(1 << 20)
                                        .build()),
                                new SessionHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-vapi-http");
            t.setDaemon(true);
            return t;
        });
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
        http.start();
    }

    /** The API root to configure as {@code baseUrl}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The socket URL handed out for call {@code id}. */
    public String socketUrl(String id) {
        return "ws://127.0.0.1:" + ((InetSocketAddress) ws.localAddress()).getPort() + "/" + id + "/transport";
    }

    /** From now on, answer {@code POST /call} with {@code status}, {@code headers} and {@code body}. */
    public void answerWith(int status, Map<String, String> headers, String body) {
        answer = new Answer(status, headers, body, false);
    }

    /** From now on, never answer {@code POST /call}. */
    public void hang() {
        answer = new Answer(0, Map.of(), null, true);
    }

    /** The first call socket, once its handshake completed. */
    public Session awaitSession(Duration timeout) {
        Await.until(timeout, "a Vapi call socket", () -> !sessions.isEmpty());
        return sessions.get(0);
    }

    @Override
    public void close() {
        released.countDown();
        http.stop(0);
        httpThreads.shutdownNow();
        ws.close().syncUninterruptibly();
        for (Session s : sessions) {
            s.channel.close().syncUninterruptibly();
        }
    }

    // ---- REST -------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/call")) {
                respond(exchange, 404, Map.of(), "{\"message\":\"Cannot find route\",\"statusCode\":404}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of(), "{\"message\":\"Invalid Key. Hot tip, you may be using the private "
                        + "key instead of the public key, or vice versa.\",\"error\":\"Unauthorized\",\"statusCode\":401}");
                return;
            }
            String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            userAgents.add(userAgent);
            if (userAgent == null || userAgent.isBlank()) {
                violations.add("no User-Agent");
                respondText(exchange, 403, "error code: 1010");
                return;
            }
            List<String> problems = check(exchange, body);
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                respond(exchange, 400, Map.of(), "{\"message\":" + JSON.writeValueAsString(problems)
                        + ",\"error\":\"Bad Request\",\"statusCode\":400}");
                return;
            }
            requests.add(JSON.readTree(body));
            Answer a = answer;
            if (a.hang()) {
                released.await(30, TimeUnit.SECONDS);
            } else if (a.body() != null || a.status() != 201) {
                respond(exchange, a.status(), a.headers(), a.body() == null ? "" : a.body());
            } else {
                String id = UUID.randomUUID().toString();
                live.add(id);
                createdIds.add(id);
                respond(exchange, 201, Map.of(), "{\"id\":\"" + id + "\",\"orgId\":\"org-1\",\"type\":\"vapi.websocketCall\","
                        + "\"status\":\"queued\",\"transport\":{\"provider\":\"vapi.websocket\",\"websocketCallUrl\":\""
                        + socketUrl(id) + "\"}}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What makes a request differ from what Vapi's API accepts for a WebSocket-transport call. */
    private static List<String> check(HttpExchange exchange, byte[] body) {
        List<String> problems = new ArrayList<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            problems.add("Content-Type must be application/json, was " + type);
        }
        JsonNode call;
        try {
            call = JSON.readTree(body);
        } catch (IOException e) {
            problems.add("body is not JSON");
            return problems;
        }
        problems.addAll(VapiCallSchema.violations(call));
        return problems;
    }

    private static void respondText(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    // ---- call sockets -----------------------------------------------------------------------------------------

    /** One call's socket, as Vapi's side sees it. */
    public static final class Session {
        public final String id;
        public final Channel channel;
        public final List<String> texts = new CopyOnWriteArrayList<>();
        public final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        /** Every event in arrival order: "text:..." , "binary:<n>", "close:<code>". */
        public final List<String> events = new CopyOnWriteArrayList<>();
        /** When each of {@link #events} arrived, in microseconds since the epoch. */
        public final List<Long> eventMicros = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();

        Session(String id, Channel channel) {
            this.id = id;
            this.channel = channel;
        }

        private void event(String event) {
            Instant now = Instant.now();
            eventMicros.add(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
            events.add(event);
        }

        /** When the first event equal to {@code event} arrived (microseconds since the epoch), or -1. */
        public long arrivalMicros(String event) {
            int i = events.indexOf(event);
            return i < 0 ? -1 : eventMicros.get(i);
        }

        /** All caller audio received. */
        public byte[] audio() {
            synchronized (audio) {
                return audio.toByteArray();
            }
        }

        public void sendText(String json) {
            channel.writeAndFlush(new TextWebSocketFrame(json));
        }

        public void sendBinary(byte[] data) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
        }

        /** Closes the socket as Vapi does when a call ends: a close frame, then the connection. */
        public void close(int code) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, null)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Refuses sockets for calls that were never created, as a signed per-call URL would. */
    private final class KnownCallsOnly extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request && live.contains(callId(request.uri()))) {
                socketUserAgents.add(request.headers().get(HttpHeaderNames.USER_AGENT));
            } else if (msg instanceof FullHttpRequest) {
                ReferenceCountUtil.release(msg);
                DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.NOT_FOUND);
                notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static String callId(String uri) {
        String path = URI.create(uri).getPath();
        return path.endsWith("/transport") ? path.substring(1, path.length() - "/transport".length()) : "";
    }

    /** Echoes audio back in two uneven bursts, records everything else. */
    private final class SessionHandler extends ChannelInboundHandlerAdapter {
        private Session session;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                session = new Session(callId(done.requestUri()), ctx.channel());
                sessions.add(session);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof BinaryWebSocketFrame frame) {
                    ByteBuf data = frame.content();
                    session.event("binary:" + data.readableBytes());
                    synchronized (session.audio) {
                        data.getBytes(data.readerIndex(), session.audio, data.readableBytes());
                    }
                    // Vapi's audio is not aligned to 20 ms frames: echo each frame as two pieces.
                    int first = Math.min(100, data.readableBytes());
                    ctx.write(new BinaryWebSocketFrame(data.retainedSlice(data.readerIndex(), first)));
                    if (data.readableBytes() > first) {
                        ctx.write(new BinaryWebSocketFrame(data.retainedSlice(data.readerIndex() + first,
                                data.readableBytes() - first)));
                    }
                    ctx.flush();
                } else if (msg instanceof TextWebSocketFrame text) {
                    session.event("text:" + text.text());
                    session.texts.add(text.text());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    session.event("close:" + close.statusCode());
                    session.closeCodes.add(close.statusCode());
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), null))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
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
