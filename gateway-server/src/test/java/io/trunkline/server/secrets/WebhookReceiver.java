package io.trunkline.server.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP endpoint that accepts call-record webhooks and keeps everything they carried, headers included. */
final class WebhookReceiver implements AutoCloseable {
    /**
     * Method, path, headers and body of each delivery, as text. The query is left out: it is the configured URL
     * the delivery was addressed to, not something the gateway disclosed.
     */
    final List<String> deliveries = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The webhook URL, with {@code token} in its query string as some receivers require. */
    URI url(String token) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?key=" + token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            StringBuilder text = new StringBuilder(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI().getPath()).append('\n');
            exchange.getRequestHeaders().forEach((name, values) -> text.append(name).append(": ")
                    .append(String.join(",", values)).append('\n'));
            text.append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            deliveries.add(text.toString());
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
