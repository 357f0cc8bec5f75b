package io.trunkline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the call-control API over HTTP/1.1 (the JDK's client would offer h2c otherwise). */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, headers we look at, and the body as JSON (null when empty). */
    public record Answer(int status, String allow, String location, String wwwAuthenticate, String contentType,
            String text) {
        public JsonNode json() throws IOException {
            return text.isEmpty() ? null : JSON.readTree(text);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    /** A client of the API at {@code address} sending {@code token} (null: no Authorization header). */
    public ApiClient(InetSocketAddress address, String token) {
        this.base = URI.create("http://127.0.0.1:" + address.getPort());
        this.token = token;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    public Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null);
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json, "application/json");
    }

    /** Any method, body and content type (null: none). */
    public Answer send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Allow").orElse(null),
                r.headers().firstValue("Location").orElse(null),
                r.headers().firstValue("WWW-Authenticate").orElse(null),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
    }
}
