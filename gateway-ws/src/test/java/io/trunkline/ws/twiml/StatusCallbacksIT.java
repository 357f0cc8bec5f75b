package io.trunkline.ws.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.trunkline.core.observe.TwimlObserver;
import io.trunkline.core.observe.TwimlObserver.CallbackOutcome;
import io.trunkline.core.testing.Await;
import io.trunkline.ws.Transport;
import io.trunkline.ws.transport.ClientTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status callbacks: retried with back-off, bounded, signed, and kept off untrusted internal addresses. */
class StatusCallbacksIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final EventLoop loop = group.next();
    private final WebhookClient client = new WebhookClient(ClientTransport.of(Transport.NIO.clientChannels()));
    /** What the callbacks reported, by outcome. */
    private final Map<CallbackOutcome, Integer> outcomes = new ConcurrentHashMap<>();
    private final TwimlObserver observer = new TwimlObserver() {
        @Override
        public void request(RequestKind kind, RequestOutcome outcome) {
        }

        @Override
        public void statusCallback(CallbackOutcome outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }
    };

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private StatusCallbacks callbacks(String url, AddressGuard guard, int maxPending) {
        return new StatusCallbacks(client, URI.create(url), "POST", TOKEN, Duration.ofSeconds(2), guard, maxPending,
                50, observer);
    }

    private static Map<String, String> call(String status) {
        return Map.of("CallSid", "CA" + "12".repeat(16), "CallStatus", status);
    }

    @Test
    void aFailingCallbackIsRetriedWithBackOffThenDelivered() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        try (TwimlServer app = new TwimlServer().route("/status", r -> new TwimlServer.Answer(
                answers.incrementAndGet() <= 2 ? 503 : 204, "", 0))) {
            StatusCallbacks cb = callbacks(app.url("/status"), new AddressGuard(Set.of("127.0.0.1")), 10);
            cb.send(loop, call("completed"), 3, 42);
            List<TwimlServer.Request> got = app.await("/status", 3, WAIT);
            Map<String, String> p = got.get(2).params();
            assertEquals("completed", p.get("CallStatus"));
            assertEquals("3", p.get("SequenceNumber"));
            assertEquals("42", p.get("CallDuration"));
            assertTrue(p.get("Timestamp").endsWith("GMT"), p.get("Timestamp"));
            assertTrue(TwilioHelperLibrary.validateRequest(TOKEN, got.get(2).header(RequestSignature.HEADER),
                    got.get(2).url(), p), "signed as Twilio signs");
            Await.until(WAIT, "nothing pending", () -> cb.failed() == 0 && answers.get() == 3);
            Await.until(WAIT, "counted", () -> Map.of(CallbackOutcome.RETRIED, 2, CallbackOutcome.DELIVERED, 1)
                    .equals(outcomes));
        }
    }

    @Test
    void aCallbackThatKeepsFailingIsGivenUpAfterThreeAttempts() throws Exception {
        try (TwimlServer app = new TwimlServer().route("/status", r -> new TwimlServer.Answer(500, "", 0))) {
            StatusCallbacks cb = callbacks(app.url("/status"), new AddressGuard(Set.of("127.0.0.1")), 10);
            cb.send(loop, call("ringing"), 1, -1);
            Await.until(WAIT, "given up", () -> cb.failed() == 1);
            assertEquals(StatusCallbacks.MAX_ATTEMPTS, app.requestsTo("/status").size());
            assertEquals(Map.of(CallbackOutcome.RETRIED, 2, CallbackOutcome.FAILED, 1), outcomes);
        }
    }

    @Test
    void internalAddressesAreRefusedUnlessTrusted() throws Exception {
        try (TwimlServer app = new TwimlServer().twiml("/status", "")) {
            StatusCallbacks cb = callbacks(app.url("/status"), AddressGuard.STRICT, 10);
            cb.send(loop, call("initiated"), 0, -1);
            Await.until(WAIT, "given up", () -> cb.failed() == 1);
            assertEquals(0, app.requests.size(), "never sent, never retried");
            assertEquals(Map.of(CallbackOutcome.REFUSED_ADDRESS, 1), outcomes);
        }
    }

    @Test
    void theQueueIsBounded() throws Exception {
        try (TwimlServer app = new TwimlServer().route("/status", r -> new TwimlServer.Answer(200, "", 1000))) {
            StatusCallbacks cb = callbacks(app.url("/status"), new AddressGuard(Set.of("127.0.0.1")), 2);
            for (int i = 0; i < 5; i++) {
                cb.send(loop, call("ringing"), i, -1);
            }
            assertEquals(3, cb.dropped(), "beyond two pending, events are dropped at once");
            app.await("/status", 2, WAIT);
        }
    }
}
