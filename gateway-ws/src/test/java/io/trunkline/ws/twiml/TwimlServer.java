package io.trunkline.ws.twiml;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trunkline.core.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A Twilio application in test code: a loopback HTTP server that answers each path with TwiML (or an error, or
 * late), and keeps every request it got with its parameters and headers.
 */
public final class TwimlServer implements AutoCloseable {

    /** One request as the application saw it. */
    public record Request(String method, String url, String path, Map<String, String> params,
            Map<String, String> headers) {
        public String header(String name) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    /** What a path answers. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer twiml(String xml) {
            return new Answer(200, xml, 0);
        }
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "twiml-server");
        t.setDaemon(true);
        return t;
    });

    public TwimlServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code path} answers {@code xml}. */
    public TwimlServer twiml(String path, String xml) {
        return route(path, r -> Answer.twiml(xml));
    }

    public TwimlServer route(String path, Function<Request, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The requests to {@code path}, in order. */
    public List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits for {@code n} requests to {@code path}. */
    public List<Request> await(String path, int n, Duration timeout) {
        Await.until(timeout, n + " request(s) to " + path, () -> requestsTo(path).size() >= n);
        return requestsTo(path);
    }

    private void handle(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        decode(query, params);
        if (ex.getRequestMethod().equals("POST")) {
            decode(body, params);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        String host = ex.getRequestHeaders().getFirst("Host");
        String url = "http://" + host + ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        Request request = new Request(ex.getRequestMethod(), url, ex.getRequestURI().getPath(), params, headers);
        requests.add(request);
        Function<Request, Answer> route = routes.get(request.path());
        Answer answer = route == null ? new Answer(404, "not found", 0) : route.apply(request);
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis()); // the application is slow: the gateway's timeout is tested
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        try {
            ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the gateway gave up waiting and closed the connection
        } finally {
            ex.close();
        }
    }

    private static void decode(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
