package io.trunkline.ws.twiml;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.trunkline.ws.transport.ClientTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Sends the gateway's webhook requests (the voice URL, redirects, status callbacks) over HTTP/1.1 with Netty, on
 * the event loop it is given (a call's own loop for TwiML): the host is resolved with the loops' non-blocking
 * resolver, the resolved address is checked by an {@link AddressGuard} when one is given and then connected to
 * (so the name cannot resolve elsewhere after the check), and the answer is read up to a size limit within a
 * deadline that covers everything from resolution to the last byte. One connection per request. Never blocks;
 * thread-safe.
 */
public final class WebhookClient {

    /** Twilio's own requests say {@code TwilioProxy/1.1}; some applications look for it. */
    public static final String USER_AGENT = "TwilioProxy/1.1 (Trunkline)";
    static final int MAX_RESPONSE_BYTES = TwimlParser.MAX_BYTES;

    private final ClientTransport transport;
    private final AddressResolverGroup<? extends SocketAddress> resolvers;
    private volatile SslContext ssl;

    public WebhookClient(ClientTransport transport) {
        this(transport, null);
    }

    /** A client with its own TLS context ({@code null}: the JDK's trust store, built on first use). */
    public WebhookClient(ClientTransport transport, SslContext ssl) {
        this.transport = transport;
        this.resolvers = transport.resolver() != null ? transport.resolver() : DefaultAddressResolverGroup.INSTANCE;
        this.ssl = ssl;
    }

    /**
     * Sends {@code request} with {@code headers} from {@code loop}; the future completes on {@code loop}, with the
     * answer whatever its status, or with a {@link WebhookException}.
     *
     * @param guard checks the resolved address, or null to allow any (URLs the operator configured)
     */
    public CompletableFuture<WebhookResponse> send(EventLoop loop, FormRequest request, Map<String, String> headers,
            Duration timeout, AddressGuard guard) {
        CompletableFuture<WebhookResponse> result = new CompletableFuture<>();
        try {
            loop.execute(() -> new Exchange(loop, request, headers, guard, result).start(timeout));
        } catch (RejectedExecutionException e) {
            // The loops are shutting down (a call's last status event at shutdown): nothing can be sent.
            result.completeExceptionally(new WebhookException(WebhookException.Kind.FAILED, "event loop shut down"));
        }
        return result;
    }

    private SslContext ssl() throws SSLException {
        SslContext ctx = ssl;
        if (ctx == null) {
            synchronized (this) {
                if (ssl == null) {
                    ssl = SslContextBuilder.forClient().build();
                }
                ctx = ssl;
            }
        }
        return ctx;
    }

    /** One request and its answer, confined to the loop. */
    private final class Exchange extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final EventLoop loop;
        private final FormRequest request;
        private final Map<String, String> headers;
        private final AddressGuard guard;
        private final CompletableFuture<WebhookResponse> result;
        private final URI target;
        private final String host;
        private final boolean secure;
        private final int port;
        private ScheduledFuture<?> deadline;
        private Channel channel;

        Exchange(EventLoop loop, FormRequest request, Map<String, String> headers, AddressGuard guard,
                CompletableFuture<WebhookResponse> result) {
            this.loop = loop;
            this.request = request;
            this.headers = headers;
            this.guard = guard;
            this.result = result;
            this.target = request.target();
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            this.secure = scheme.equals("https");
            String h = target.getHost();
            this.host = h != null && h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
            this.port = target.getPort() > 0 ? target.getPort() : secure ? 443 : 80;
        }

        void start(Duration timeout) {
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || host == null) {
                fail(WebhookException.Kind.FAILED, "not an http:// or https:// URL");
                return;
            }
            deadline = loop.schedule(() -> fail(WebhookException.Kind.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
            @SuppressWarnings("unchecked")
            AddressResolver<SocketAddress> resolver = (AddressResolver<SocketAddress>) resolvers.getResolver(loop);
            resolver.resolve(InetSocketAddress.createUnresolved(host, port)).addListener(this::resolved);
        }

        private void resolved(Future<? super SocketAddress> f) {
            if (result.isDone()) {
                return;
            }
            if (!f.isSuccess() || !(f.getNow() instanceof InetSocketAddress address) || address.isUnresolved()) {
                fail(WebhookException.Kind.UNREACHABLE, "host not found");
                return;
            }
            if (guard != null && !guard.allows(host, address.getAddress())) {
                fail(WebhookException.Kind.REFUSED_ADDRESS, "address " + address.getAddress().getHostAddress()
                        + " is internal and the host is not trusted");
                return;
            }
            SslContext tls;
            try {
                tls = secure ? ssl() : null;
            } catch (SSLException e) {
                fail(WebhookException.Kind.FAILED, "no TLS client context");
                return;
            }
            ChannelFuture connect = new Bootstrap().group(loop).channelFactory(transport.channels())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                    Exchange.this);
                        }
                    })
                    .connect(address);
            channel = connect.channel();
            connect.addListener((ChannelFutureListener) c -> {
                if (!c.isSuccess()) {
                    fail(WebhookException.Kind.UNREACHABLE, "cannot connect: " + c.cause().getClass().getSimpleName());
                } else if (result.isDone()) {
                    c.channel().close();
                } else {
                    c.channel().writeAndFlush(httpRequest());
                }
            });
        }

        private FullHttpRequest httpRequest() {
            byte[] body = request.body();
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            if (target.getRawQuery() != null) {
                path += "?" + target.getRawQuery();
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                    path, Unpooled.wrappedBuffer(body));
            req.headers().set(HttpHeaderNames.HOST, target.getPort() < 0 ? target.getHost()
                    : target.getHost() + ":" + target.getPort());
            req.headers().set(HttpHeaderNames.USER_AGENT, USER_AGENT);
            req.headers().set(HttpHeaderNames.ACCEPT, "*/*");
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (request.method().equals("POST")) {
                req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED);
            }
            req.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            headers.forEach((name, value) -> req.headers().set(name, value));
            return req;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
            WebhookResponse answer = new WebhookResponse(response.status().code(), type,
                    ByteBufUtil.getBytes(response.content()));
            finish();
            result.complete(answer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                fail(WebhookException.Kind.TOO_LARGE, "answer larger than " + MAX_RESPONSE_BYTES + " bytes");
            } else {
                fail(WebhookException.Kind.FAILED, "request failed: " + cause.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(WebhookException.Kind.FAILED, "connection closed before an answer");
        }

        private void fail(WebhookException.Kind kind, String message) {
            if (result.isDone()) {
                return;
            }
            finish();
            result.completeExceptionally(new WebhookException(kind, message));
        }

        private void finish() {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        }
    }
}
