package io.trunkline.ws.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.trunkline.ws.Transport;
import io.trunkline.ws.transport.ClientTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's webhook requests against a loopback application, checked by Twilio's own helper library. */
class WebhookClientIT {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final EventLoop loop = group.next();
    private final WebhookClient client = new WebhookClient(ClientTransport.of(Transport.NIO.clientChannels()));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", "CA0123456789abcdef0123456789abcdef");
        p.put("From", "+15083084809");
        p.put("To", "+15083728299");
        p.put("SipHeader_X-Tenant", "acme & co");
        return p;
    }

    private WebhookResponse send(FormRequest request, AddressGuard guard, Duration timeout) throws Exception {
        return client.send(loop, request, Map.of(RequestSignature.HEADER, request.signature(TOKEN)), timeout, guard)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSignedPostIsAcceptedByTwiliosHelperLibrary() throws Exception {
        try (TwimlServer app = new TwimlServer().twiml("/voice", "<Response><Hangup/></Response>")) {
            WebhookResponse r = send(new FormRequest("POST", URI.create(app.url("/voice?tenant=acme")), params()),
                    null, TIMEOUT);
            assertEquals(200, r.status());
            assertEquals("<Response><Hangup/></Response>", new String(r.body(), StandardCharsets.UTF_8));
            TwimlServer.Request got = app.requests.get(0);
            assertEquals("POST", got.method());
            assertTrue(got.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
            assertTrue(got.header("User-Agent").startsWith("TwilioProxy/1.1"));
            Map<String, String> body = new HashMap<>(got.params());
            body.remove("tenant"); // from the query: part of the URL, not of the signed form
            assertEquals(params(), body);
            String signature = got.header(RequestSignature.HEADER);
            assertTrue(TwilioHelperLibrary.validateRequest(TOKEN, signature, got.url(), body), "Twilio accepts it");
            body.put("From", "+15550000000");
            assertFalse(TwilioHelperLibrary.validateRequest(TOKEN, signature, got.url(), body),
                    "a changed parameter breaks the signature");
        }
    }

    @Test
    void aSignedGetIsAcceptedByTwiliosHelperLibrary() throws Exception {
        try (TwimlServer app = new TwimlServer().twiml("/voice", "<Response/>")) {
            send(new FormRequest("GET", URI.create(app.url("/voice")), params()), null, TIMEOUT);
            TwimlServer.Request got = app.requests.get(0);
            assertEquals("GET", got.method());
            assertEquals(params(), got.params());
            assertTrue(TwilioHelperLibrary.validateRequest(TOKEN, got.header(RequestSignature.HEADER), got.url(),
                    Map.of()), "Twilio accepts the signed query");
        }
    }

    @Test
    void aSlowApplicationTimesOut() throws Exception {
        try (TwimlServer app = new TwimlServer().route("/slow",
                r -> new TwimlServer.Answer(200, "<Response/>", 3000))) {
            long start = System.nanoTime();
            WebhookException e = failure(new FormRequest("POST", URI.create(app.url("/slow")), params()), null,
                    Duration.ofMillis(300));
            assertEquals(WebhookException.Kind.TIMEOUT, e.kind());
            assertTrue(System.nanoTime() - start < 2_500_000_000L, "gave up at the deadline");
        }
    }

    @Test
    void theGuardKeepsRequestsOffInternalAddressesUnlessTrusted() throws Exception {
        try (TwimlServer app = new TwimlServer().twiml("/cb", "")) {
            FormRequest request = new FormRequest("POST", URI.create(app.url("/cb")), params());
            WebhookException e = failure(request, AddressGuard.STRICT, TIMEOUT);
            assertEquals(WebhookException.Kind.REFUSED_ADDRESS, e.kind());
            assertEquals(0, app.requests.size(), "nothing was sent");
            assertEquals(200, send(request, new AddressGuard(Set.of("127.0.0.1")), TIMEOUT).status());
        }
    }

    @Test
    void anOversizedAnswerIsRefused() throws Exception {
        try (TwimlServer app = new TwimlServer().twiml("/big", "x".repeat(TwimlParser.MAX_BYTES + 1))) {
            WebhookException e = failure(new FormRequest("POST", URI.create(app.url("/big")), params()), null,
                    TIMEOUT);
            assertEquals(WebhookException.Kind.TOO_LARGE, e.kind());
        }
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        WebhookException e = failure(new FormRequest("POST", URI.create("http://127.0.0.1:9/x"), params()), null,
                TIMEOUT);
        assertEquals(WebhookException.Kind.UNREACHABLE, e.kind());
    }

    private WebhookException failure(FormRequest request, AddressGuard guard, Duration timeout) throws Exception {
        try {
            send(request, guard, timeout);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return assertInstanceOf(WebhookException.class, e.getCause());
        }
    }
}
