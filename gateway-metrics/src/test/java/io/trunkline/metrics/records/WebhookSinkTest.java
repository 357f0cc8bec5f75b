package io.trunkline.metrics.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trunkline.core.testing.Await;
import io.trunkline.metrics.TestRecords;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real HTTP receiver on loopback: signatures, retries and the bounded queue. */
class WebhookSinkTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Map<String, AtomicInteger> results = new ConcurrentHashMap<>();
    private volatile int failStatus = 503;

    WebhookSinkTest() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/records", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? failStatus : 204;
            if (status == 204) {
                received.add(new String[] {exchange.getRequestHeaders().getFirst("X-Trunkline-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Trunkline-Signature"), body});
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private WebhookSink sink(int maxAttempts, int capacity) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/records");
        return new WebhookSink(url, SECRET, Duration.ofSeconds(5), maxAttempts, capacity,
                result -> results.computeIfAbsent(result, r -> new AtomicInteger()).incrementAndGet());
    }

    private int count(String result) {
        AtomicInteger n = results.get(result);
        return n == null ? 0 : n.get();
    }

    @Test
    void recordsArriveSignedAndFailuresAreRetried() {
        failuresLeft.set(2);
        try (WebhookSink sink = sink(5, 10)) {
            sink.accept(TestRecords.answered("c-1"));
            Await.until(Duration.ofSeconds(10), "delivery after two 503s", () -> count("delivered") == 1);
            assertEquals(2, count("retried"));
            assertEquals(0, sink.pending());
        }
        String[] delivery = received.get(0);
        assertTrue(delivery[2].contains("\"callId\":\"c-1\""), delivery[2]);
        assertTrue(delivery[2].contains("\"url\":\"/calls/c-1\""), "the call's page: " + delivery[2]);
        assertEquals(WebhookSignature.sign(SECRET, Long.parseLong(delivery[0]), delivery[2]), delivery[1]);
        assertTrue(delivery[1].matches("sha256=[0-9a-f]{64}"), delivery[1]);
    }

    @Test
    void aClientErrorIsFinalAndAttemptsAreBounded() {
        failStatus = 400;
        failuresLeft.set(1);
        try (WebhookSink sink = sink(3, 10)) {
            sink.accept(TestRecords.answered("c-1"));
            Await.until(Duration.ofSeconds(10), "given up", () -> count("failed") == 1);
            assertEquals(0, count("retried"), "400 is not retried");
        }
        failStatus = 500;
        failuresLeft.set(100);
        try (WebhookSink sink = sink(2, 10)) {
            sink.accept(TestRecords.answered("c-2"));
            Await.until(Duration.ofSeconds(10), "given up after two attempts", () -> count("failed") == 2);
            assertEquals(1, count("retried"));
        }
    }

    @Test
    void aFullQueueDropsAndCounts() {
        failuresLeft.set(1000);
        try (WebhookSink sink = sink(10, 2)) {
            for (int i = 0; i < 5; i++) {
                sink.accept(TestRecords.answered("c-" + i));
            }
            assertEquals(3, count("dropped"), "two wait for their retries, three do not fit");
            sink.close(Duration.ofSeconds(5));
            assertEquals(5, count("dropped"), "closing drops the retries still waiting");
        }
    }

    @Test
    void signatureOfAKnownMessage() {
        // echo -n "1700000000.{}" | openssl dgst -sha256 -hmac key
        assertEquals("sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae",
                WebhookSignature.sign("key".getBytes(StandardCharsets.UTF_8), 1_700_000_000L, "{}"));
    }
}
