package io.trunkline.metrics.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /admin/drain} and {@code GET /admin/config} over real loopback HTTP: off by default, token-guarded. */
class AdminEndpointIT {
    private static final String TOKEN = "s3cret-admin-token";

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger drains = new AtomicInteger();
    private MetricsHttpServer server;

    private final GatewayStatus status = new GatewayStatus() {
        @Override
        public String state() {
            return "ready";
        }

        @Override
        public List<ActiveCall> activeCalls() {
            return List.of();
        }

        @Override
        public List<CallRecord> recentRecords() {
            return List.of();
        }

        @Override
        public long callsEnded() {
            return 0;
        }
    };

    private final AdminApi api = new AdminApi() {
        @Override
        public void drain() {
            drains.incrementAndGet();
        }

        @Override
        public Map<String, Object> effectiveConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("sip.port", 5060);
            config.put("agent.url", "wss://agent.example.com/****");
            config.put("admin.token-env", "TRUNKLINE_ADMIN_TOKEN");
            return config;
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(InetSocketAddress at, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminRoutesAreNotFoundWhenOff() throws Exception {
        server = new MetricsHttpServer("127.0.0.1", 0, () -> "", status);
        InetSocketAddress at = server.start();
        assertEquals(404, send(at, "POST", "/admin/drain", "Bearer " + TOKEN).statusCode());
        assertEquals(404, send(at, "GET", "/admin/config", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send(at, "GET", "/health", null).statusCode(), "the rest is served as before");
    }

    @Test
    void drainAndConfigNeedTheBearerToken() throws Exception {
        server = new MetricsHttpServer("127.0.0.1", 0, () -> "", status, api, TOKEN);
        InetSocketAddress at = server.start();

        HttpResponse<String> none = send(at, "POST", "/admin/drain", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, send(at, "POST", "/admin/drain", "Bearer wrong").statusCode());
        assertEquals(401, send(at, "POST", "/admin/drain", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, send(at, "POST", "/admin/drain", "Basic " + TOKEN).statusCode());
        assertEquals(401, send(at, "GET", "/admin/config", "Bearer " + TOKEN.substring(1)).statusCode());
        assertEquals(0, drains.get(), "no drain without the token");

        HttpResponse<String> wrongMethod = send(at, "GET", "/admin/drain", "Bearer " + TOKEN);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals(404, send(at, "POST", "/admin/reboot", "Bearer " + TOKEN).statusCode());

        HttpResponse<String> drained = send(at, "POST", "/admin/drain", "bearer " + TOKEN);
        assertEquals(202, drained.statusCode());
        assertTrue(drained.body().contains("\"draining\""), drained.body());
        assertEquals(1, drains.get());

        HttpResponse<String> config = send(at, "GET", "/admin/config", "Bearer " + TOKEN);
        assertEquals(200, config.statusCode());
        assertTrue(config.body().contains("\"sip.port\":5060"), config.body());
        assertTrue(config.body().contains("/****"), config.body());
        assertFalse(config.body().contains(TOKEN), "the token never appears in a response");
    }

    @Test
    void refusesToServeAdminRoutesWithoutAToken() {
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsHttpServer("127.0.0.1", 0, () -> "", status, api, " "));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsHttpServer("127.0.0.1", 0, () -> "", status, api, null));
    }
}
