package io.trunkline.sip.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.observe.SignallingObserver.Refusal;
import io.trunkline.sip.guard.GuardVerdict.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/** Which requests each stage looks at, and what it answers, on parsed requests without a network. */
class RequestGuardTest {
    private static final String URI = "sip:+15083728299@192.0.2.10:5060";
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<String> refusals = new ArrayList<>();

    private RequestGuard guard(List<String> allowlist, RefusalAction onDenied, int rate, int burst,
            RefusalAction onLimited, boolean digest) {
        SipAccessConfig config = new SipAccessConfig(allowlist, onDenied, rate, burst, 100, onLimited, digest, "gw",
                "U", "P", Duration.ofSeconds(60));
        return new RequestGuard(config, new DigestCredentials("carrier", "secret"),
                (reason, answered) -> refusals.add(reason + (answered ? "/answered" : "/dropped")), nanos::get);
    }

    private static RequestEventExt event(String method, String toTag, String source, String... headers)
            throws Exception {
        StringBuilder text = new StringBuilder(method).append(' ').append(URI).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP ").append(source).append(":5060;branch=z9hG4bK").append(System.nanoTime())
                .append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:+15083084809@").append(source).append(">;tag=abc\r\n")
                .append("To: <sip:+15083728299@192.0.2.10>").append(toTag == null ? "" : ";tag=" + toTag)
                .append("\r\n")
                .append("Call-ID: guard-test@").append(source).append("\r\n")
                .append("CSeq: 1 ").append(method).append("\r\n");
        for (String h : headers) {
            text.append(h).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        Request request = new MessageFactoryImpl().createRequest(text.toString());
        RequestEventExt event = new RequestEventExt(new Object(), null, null, request);
        event.setRemoteIpAddress(source);
        event.setRemotePort(5060);
        return event;
    }

    @Test
    void deniedSourcesGet403WhenRejectingExceptForAck() throws Exception {
        RequestGuard g = guard(List.of("10.0.0.0/8", "2001:db8::/32"), RefusalAction.REJECT, 0, 1,
                RefusalAction.DROP, false);
        assertEquals(Action.FORBIDDEN, g.check(event("OPTIONS", null, "192.0.2.1")).action());
        assertEquals(Action.FORBIDDEN, g.check(event("BYE", "t1", "192.0.2.1")).action());
        assertEquals(Action.DROP, g.check(event("ACK", "t1", "192.0.2.1")).action(), "ACK is never answered");
        assertTrue(g.check(event("INVITE", null, "10.20.30.40")).passes());
        assertTrue(g.check(event("OPTIONS", null, "2001:db8::7")).passes());
        assertEquals(List.of("SOURCE_DENIED/answered", "SOURCE_DENIED/answered", "SOURCE_DENIED/dropped"),
                refusals);
        assertFalse(g.isOpen());
    }

    @Test
    void deniedSourcesAreDroppedByDefault() throws Exception {
        RequestGuard g = guard(List.of("twilio"), RefusalAction.DROP, 0, 1, RefusalAction.DROP, false);
        GuardVerdict v = g.check(event("INVITE", null, "198.51.100.9"));
        assertEquals(Action.DROP, v.action());
        assertEquals(Refusal.SOURCE_DENIED, v.reason());
        assertTrue(g.check(event("INVITE", null, "54.172.60.1")).passes());
    }

    @Test
    void rateLimitCountsOnlyRequestsThatStartSomething() throws Exception {
        RequestGuard g = guard(List.of(), RefusalAction.DROP, 1, 2, RefusalAction.DROP, false);
        assertTrue(g.isOpen());
        assertTrue(g.check(event("OPTIONS", null, "192.0.2.1")).passes());
        assertTrue(g.check(event("INVITE", null, "192.0.2.1")).passes());
        assertEquals(Action.DROP, g.check(event("OPTIONS", null, "192.0.2.1")).action());
        assertEquals(Action.DROP, g.check(event("REGISTER", null, "192.0.2.1")).action());
        for (String inDialog : List.of("ACK", "BYE", "CANCEL")) {
            assertTrue(g.check(event(inDialog, "t1", "192.0.2.1")).passes(), inDialog);
        }
        assertTrue(g.check(event("CANCEL", null, "192.0.2.1")).passes(), "CANCEL of a pending INVITE");
        assertTrue(g.check(event("INVITE", "t1", "192.0.2.1")).passes(), "a re-INVITE is in a dialog");
        assertTrue(g.check(event("OPTIONS", null, "192.0.2.2")).passes(), "another source");
        nanos.addAndGet(1_000_000_000L);
        assertTrue(g.check(event("OPTIONS", null, "192.0.2.1")).passes(), "one more a second later");
        assertEquals(List.of("RATE_LIMITED/dropped", "RATE_LIMITED/dropped"), refusals);

        RequestGuard rejecting = guard(List.of(), RefusalAction.DROP, 1, 1, RefusalAction.REJECT, false);
        assertTrue(rejecting.check(event("OPTIONS", null, "192.0.2.1")).passes());
        assertEquals(Action.UNAVAILABLE, rejecting.check(event("OPTIONS", null, "192.0.2.1")).action());
    }

    @Test
    void digestChallengesInitialInvitesOnly() throws Exception {
        RequestGuard g = guard(List.of(), RefusalAction.DROP, 0, 1, RefusalAction.DROP, true);
        assertTrue(g.authenticates());
        GuardVerdict challenge = g.check(event("INVITE", null, "192.0.2.1"));
        assertEquals(Action.CHALLENGE, challenge.action());
        assertEquals(Refusal.AUTH_CHALLENGED, challenge.reason());
        assertEquals("gw", challenge.realm());
        assertNotNull(challenge.nonce());
        assertFalse(challenge.stale());

        String nonce = challenge.nonce();
        String good = DigestVerifier.expectedResponse("carrier", "gw", "secret", "INVITE", URI, nonce, "auth",
                "00000001", "xyz");
        String header = "Authorization: Digest username=\"carrier\", realm=\"gw\", nonce=\"" + nonce + "\", uri=\""
                + URI + "\", response=\"%s\", algorithm=MD5, cnonce=\"xyz\", qop=auth, nc=00000001";
        assertTrue(g.check(event("INVITE", null, "192.0.2.1", String.format(header, good))).passes());
        GuardVerdict wrong = g.check(event("INVITE", null, "192.0.2.1",
                String.format(header, "0123456789abcdef0123456789abcdef")));
        assertEquals(Action.CHALLENGE, wrong.action());
        assertEquals(Refusal.AUTH_FAILED, wrong.reason());

        for (String notChallenged : List.of("OPTIONS", "CANCEL")) {
            assertTrue(g.check(event(notChallenged, null, "192.0.2.1")).passes(), notChallenged);
        }
        for (String inDialog : List.of("ACK", "BYE", "INVITE")) {
            assertTrue(g.check(event(inDialog, "t1", "192.0.2.1")).passes(), inDialog);
        }
        assertEquals(List.of("AUTH_CHALLENGED/answered", "AUTH_FAILED/answered"), refusals);
    }

    @Test
    void digestWithoutCredentialsIsAConfigurationError() {
        SipAccessConfig config = new SipAccessConfig(List.of(), RefusalAction.DROP, 0, 1, 1, RefusalAction.DROP, true,
                "gw", "U", "P", Duration.ofSeconds(60));
        assertThrows(IllegalArgumentException.class, () -> new RequestGuard(config, null, (r, a) -> { }, nanos::get));
    }
}
