package io.trunkline.ws.transport;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where one call's agent WebSocket lives. The URI and headers may carry credentials (signed URLs, bearer tokens):
 * only {@link #redacted()} may be logged.
 *
 * @param uri         a {@code ws://} or {@code wss://} URI
 * @param headers     extra HTTP headers for the upgrade request (e.g. {@code Authorization}); may be empty
 * @param agentCallId the agent platform's id for the call (e.g. from a REST call that created it), or null
 */
public record Endpoint(URI uri, Map<String, String> headers, String agentCallId) {

    public Endpoint {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("agent endpoint must be ws:// or wss://, was " + scheme + "://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("agent endpoint has no host");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An endpoint with no extra headers and no agent call id. */
    public static Endpoint of(URI uri) {
        return new Endpoint(uri, Map.of(), null);
    }

    /** Whether the connection uses TLS. */
    public boolean secure() {
        return uri.getScheme().equalsIgnoreCase("wss");
    }

    /** The TCP port, defaulting to 80 or 443 by scheme. */
    public int port() {
        int port = uri.getPort();
        return port > 0 ? port : secure() ? 443 : 80;
    }

    /** Scheme and host only, safe for logs. */
    public String redacted() {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost();
    }

    @Override
    public String toString() {
        return "Endpoint[" + redacted() + "]";
    }
}
