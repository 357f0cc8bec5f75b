package io.trunkline.metrics.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;

/**
 * A group of routes served on the metrics port beside the built-in ones (an API, a webhook receiver, a page). Each
 * endpoint owns a path prefix; {@link HttpRoutes} offers it every request under that prefix, whatever the method,
 * before its own GET-only routes. Called on the HTTP event loop: implementations answer at once and never block
 * (work that takes time is handed off and answered {@code 202}, or looked up from state kept elsewhere).
 */
public interface HttpEndpoint {

    /** Whether this endpoint answers {@code path} (the decoded path, without the query string). */
    boolean serves(String path);

    /**
     * The response to {@code request}. The caller sets {@code Content-Length} and keep-alive and releases the
     * request; the response's content is written and released by the caller. A runtime exception is answered
     * {@code 500} and logged.
     */
    FullHttpResponse handle(FullHttpRequest request, String path);

    /**
     * {@link #handle(FullHttpRequest, String)} for a request from {@code remote} (the TCP peer, null when unknown);
     * endpoints that restrict their clients by address override this one.
     */
    default FullHttpResponse handle(FullHttpRequest request, String path, InetSocketAddress remote) {
        return handle(request, path);
    }
}
