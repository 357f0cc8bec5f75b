package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.observe.SignallingObserver;
import io.trunkline.core.observe.SignallingObserver.Refusal;
import io.trunkline.core.testing.Await;
import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Access control over real loopback UDP: allowlist (a UAC bound to 127.0.0.2 against a list holding only
 * 127.0.0.1), digest authentication of INVITEs, and per-source rate limiting of an OPTIONS flood.
 */
class SipAccessIT {
    private static final Duration WAIT = TestUac.WAIT;
    private static final String USER = "trunk-user";
    private static final String PASSWORD = "pa55-Word-for-IT";
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
    /** Short, so that the stale-nonce case runs end to end in about a second. */
    private static final Duration NONCE_TTL = Duration.ofSeconds(1);

    private final FakeBridge bridge = new FakeBridge();
    private final CountingObserver observer = new CountingObserver();
    private SipServer server;
    private int port;

    /** Refusals by reason, and how many of them were answered. */
    static final class CountingObserver implements SignallingObserver {
        final Map<Refusal, AtomicLong> counts = new EnumMap<>(Refusal.class);
        final AtomicLong answered = new AtomicLong();

        CountingObserver() {
            for (Refusal r : Refusal.values()) {
                counts.put(r, new AtomicLong());
            }
        }

        @Override
        public void refused(Refusal reason, boolean wasAnswered) {
            counts.get(reason).incrementAndGet();
            if (wasAnswered) {
                answered.incrementAndGet();
            }
        }

        long of(Refusal reason) {
            return counts.get(reason).get();
        }
    }

    private void start(SipAccessConfig access) throws Exception {
        port = TestPorts.freePort();
        SipConfig config = new SipConfig("127.0.0.1", port, null, Set.of("udp"), 2, 65536, 1000).withAccess(access);
        server = new SipServer(config, "198.51.100.7", bridge, observer, new DigestCredentials(USER, PASSWORD));
        server.start();
    }

    private static SipAccessConfig access(List<String> allowlist, RefusalAction onDenied, int rate, int burst,
            RefusalAction onLimited, boolean digest) {
        return new SipAccessConfig(allowlist, onDenied, rate, burst, 1000, onLimited, digest, "trunkline",
                "UNUSED_USER_ENV", "UNUSED_PASSWORD_ENV", NONCE_TTL);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        bridge.close();
    }

    @Test
    void sourceOutsideTheAllowlistGets403WhenRejecting() throws Exception {
        start(access(List.of("127.0.0.1/32"), RefusalAction.REJECT, 0, 1, RefusalAction.DROP, false));
        try (TestUac outsider = new TestUac(new UdpTransport("127.0.0.2", port), port);
                TestUac insider = new TestUac(new UdpTransport(port), port)) {
            outsider.send("OPTIONS");
            outsider.awaitResponse(403, "OPTIONS");
            outsider.inviteSdp(SipServerIT.TWILIO_SDP);
            outsider.awaitResponse(403, "INVITE");
            insider.send("OPTIONS");
            insider.awaitResponse(200, "OPTIONS");
            assertEquals(2, observer.of(Refusal.SOURCE_DENIED));
            assertEquals(2, observer.answered.get());
            assertTrue(bridge.calls.isEmpty(), "a refused INVITE never reaches the bridge");
            assertTrue(outsider.all(m -> m.isResponse() && m.status() == 100).isEmpty(), "no 100 Trying either");
        }
    }

    @Test
    void digestChallengeThenSuccessAndDroppedOutsider() throws Exception {
        start(access(List.of("127.0.0.1/32"), RefusalAction.DROP, 0, 1, RefusalAction.DROP, true));
        try (TestUac outsider = new TestUac(new UdpTransport("127.0.0.2", port), port);
                TestUac uac = new TestUac(new UdpTransport(port), port)) {
            outsider.inviteSdp(SipServerIT.TWILIO_SDP);
            outsider.send("OPTIONS");
            Await.until(WAIT, "both outsider requests refused", () -> observer.of(Refusal.SOURCE_DENIED) == 2);

            // 1. no credentials: 401 with a challenge
            uac.inviteSdp(SipServerIT.TWILIO_SDP);
            SipMsg challenge = uac.awaitResponse(401, "INVITE");
            String www = challenge.header("WWW-Authenticate");
            assertNotNull(www);
            assertTrue(www.startsWith("Digest "), www);
            assertTrue(www.contains("realm=\"trunkline\""), www);
            assertTrue(www.toLowerCase().contains("qop=\"auth\""), www);
            assertTrue(www.toLowerCase().contains("algorithm=md5"), www);
            assertFalse(www.toLowerCase().contains("stale"), www);
            String nonce = nonce(www);
            retryAfterChallenge(uac);

            // 2. wrong password: challenged again, counted as a failure
            uac.inviteSdp(SipServerIT.TWILIO_SDP, authorization(nonce, USER, "wrong", "INVITE", port));
            nonce = nonce(uac.awaitResponse(401, "INVITE").header("WWW-Authenticate"));
            retryAfterChallenge(uac);

            // 3. forged nonce with the right password: challenged again
            uac.inviteSdp(SipServerIT.TWILIO_SDP, authorization("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", USER, PASSWORD,
                    "INVITE", port));
            nonce = nonce(uac.awaitResponse(401, "INVITE").header("WWW-Authenticate"));
            retryAfterChallenge(uac);
            assertTrue(bridge.calls.isEmpty(), "no call before valid credentials");

            // 4. right credentials, expired nonce: challenged again with stale=true and a fresh nonce
            long issuedAt = System.currentTimeMillis();
            String expired = nonce;
            Await.until(WAIT, "the nonce has expired",
                    () -> System.currentTimeMillis() > issuedAt + NONCE_TTL.toMillis() + 50);
            uac.inviteSdp(SipServerIT.TWILIO_SDP, authorization(expired, USER, PASSWORD, "INVITE", port));
            String stale = uac.awaitResponse(401, "INVITE").header("WWW-Authenticate");
            assertTrue(stale.toLowerCase().contains("stale=true"), stale);
            nonce = nonce(stale);
            retryAfterChallenge(uac);

            // 5. right credentials: the call proceeds; ACK and BYE in the dialog are not challenged
            uac.inviteSdp(SipServerIT.TWILIO_SDP, authorization(nonce, USER, PASSWORD, "INVITE", port));
            uac.awaitResponse(100, "INVITE");
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            Await.until(WAIT, "ACK reached the bridge",
                    () -> bridge.calls.size() == 1 && bridge.calls.get(0).events.contains("ack"));
            uac.bye();
            uac.awaitResponse(200, "BYE");

            assertEquals(1, observer.of(Refusal.AUTH_CHALLENGED));
            assertEquals(2, observer.of(Refusal.AUTH_FAILED));
            assertEquals(1, observer.of(Refusal.AUTH_STALE));
            // The dropped outsider got nothing at all while all of the above (over a second) took place: not even
            // the 100 Trying a JAIN-SIP INVITE transaction sends by itself after 200 ms.
            assertTrue(outsider.received().isEmpty(), outsider.received().toString());
        }
    }

    @Test
    void optionsFloodFromOneSourceIsLimitedWhileAnotherSourceIsServed() throws Exception {
        int burst = 10;
        int flood = 60;
        start(access(List.of(), RefusalAction.DROP, 1, burst, RefusalAction.REJECT, false));
        try (TestUac flooder = new TestUac(new UdpTransport("127.0.0.2", port), port);
                TestUac carrier = new TestUac(new UdpTransport(port), port)) {
            long started = System.nanoTime();
            for (int i = 0; i < flood; i++) {
                flooder.send("OPTIONS");
            }
            Await.until(WAIT, "every flood request answered", () -> flooder.all(SipMsg::isResponse).size() == flood);
            double seconds = (System.nanoTime() - started) / 1e9;
            long ok = flooder.all(m -> m.isResponse() && m.status() == 200).size();
            long limited = flooder.all(m -> m.isResponse() && m.status() == 503).size();
            assertEquals(flood, ok + limited);
            assertTrue(ok >= burst && ok <= burst + 1 + (long) Math.ceil(seconds), "passed: " + ok);
            assertEquals(limited, observer.of(Refusal.RATE_LIMITED));

            carrier.send("OPTIONS");
            carrier.awaitResponse(200, "OPTIONS");
            carrier.newCall();
            carrier.send("OPTIONS");
            carrier.awaitResponse(200, "OPTIONS");
            assertEquals(limited, observer.of(Refusal.RATE_LIMITED), "the other source was never limited");
            System.out.printf("OPTIONS flood: %d sent from 127.0.0.2, %d answered 200, %d refused 503 (rate-limited)"
                    + " in %.2f s; 127.0.0.1 served%n", flood, ok, limited, seconds);
        }
    }

    /** ACKs the 401 and forgets its To-tag, so the next INVITE is a new out-of-dialog attempt. */
    private static void retryAfterChallenge(TestUac uac) throws Exception {
        uac.ack(false);
        uac.toTag(null);
    }

    private static String nonce(String wwwAuthenticate) {
        Matcher m = NONCE.matcher(wwwAuthenticate);
        assertTrue(m.find(), wwwAuthenticate);
        return m.group(1);
    }

    /** An Authorization header computed here independently of the gateway (RFC 2617, MD5, qop=auth). */
    static String authorization(String nonce, String user, String password, String method, int port) {
        String uri = "sip:+15083728299@127.0.0.1:" + port;
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String ha1 = md5(user + ":trunkline:" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Authorization: Digest username=\"" + user + "\", realm=\"trunkline\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce
                + "\", qop=auth, nc=" + nc;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
