package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as the RFC 4028 refresher, over loopback UDP against a raw-text UAC: a caller that supports timers
 * but names no refresher gets {@code refresher=uas}, and the gateway refreshes with a re-INVITE (or an UPDATE when
 * the caller allows it), follows 422 and 405, and ends the call on 481 or silence. Session interval 2 s.
 */
class SessionRefreshIT {
    private static final Duration WAIT = TestUac.WAIT;
    private static final String TWILIO_ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS";
    private static final String CALLER_SDP = SipServerIT.TWILIO_SDP;

    static FakeBridge bridge;
    static SipServer server;
    static int port;
    UdpTransport transport;
    TestUac uac;

    @BeforeAll
    static void startServer() throws Exception {
        bridge = new FakeBridge();
        bridge.sessionExpires = Duration.ofSeconds(2);
        bridge.sessionMinExpires = Duration.ofSeconds(1);
        port = TestPorts.freePort();
        server = new SipServer(SipServerIT.config(port, Set.of("udp")), SipServerIT.MEDIA_ADDRESS, bridge);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        bridge.close();
    }

    @BeforeEach
    void newUac() throws Exception {
        transport = new UdpTransport(port);
        uac = new TestUac(transport, port);
    }

    @AfterEach
    void closeUac() {
        uac.close();
    }

    private String contact() {
        return "Contact: <sip:caller@127.0.0.1:" + transport.localPort() + ">";
    }

    /** A Twilio-style INVITE (timer supported, Min-SE, no Session-Expires) answered and ACKed: the 200's SDP. */
    private SipMsg establish(String allow) throws Exception {
        uac.inviteSdp(CALLER_SDP, allow, "Supported: timer", "Min-SE: 1");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        return ok;
    }

    private FakeBridge.Call call() {
        return bridge.calls(uac.callId()).get(0);
    }

    @Test
    void theGatewayRefreshesWithReInvitesOfferingTheSameDescription() throws Exception {
        SipMsg ok = establish(TWILIO_ALLOW);
        assertEquals("2;refresher=uas", ok.header("Session-Expires").replace(" ", ""));
        assertEquals("timer", ok.header("Require"));
        long answered = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            SipMsg reInvite = uac.awaitRequest("INVITE");
            assertEquals("2;refresher=uac", reInvite.header("Session-Expires").replace(" ", ""),
                    "the gateway is the client of its refresh and stays the refresher");
            assertEquals("timer", reInvite.header("Supported"));
            assertTrue(reInvite.header("Contact").contains("127.0.0.1:" + port), reInvite.header("Contact"));
            assertEquals(ok.body(), reInvite.body(), "the current description, o= version unchanged");
            assertEquals(uac.toTag(), reInvite.fromTag());
            uac.respond(reInvite, 200, "OK", CALLER_SDP, contact(), "Supported: timer",
                    "Session-Expires: 2;refresher=uac");
            long cseq = reInvite.cseqNumber();
            SipMsg ack = uac.await("ACK for the refresh", m -> !m.isResponse() && "ACK".equals(m.method())
                    && m.cseqNumber() == cseq);
            assertTrue(ack.body() == null || ack.body().isEmpty(), "an ACK without a body");
        }
        long threeRefreshes = (System.nanoTime() - answered) / 1_000_000;
        assertTrue(threeRefreshes >= 2_500 && threeRefreshes <= 4_500,
                "a refresh every half interval (1 s): three took " + threeRefreshes + " ms");
        assertTrue(uac.all(m -> "BYE".equals(m.method())).isEmpty(), "no BYE from the gateway");
        assertTrue(call().updates.isEmpty(), "an unchanged answer moves no media");
        uac.bye();
        uac.awaitResponse(200, "BYE");
        Await.until(WAIT, "BYE reported", () -> call().events.contains("bye"));
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        assertEquals(List.of("ack", "bye"), call().events);
    }

    @Test
    void anUpdateIsUsedWhenAllowedAndReInviteWhenItIsRefused() throws Exception {
        establish("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
        SipMsg update = uac.awaitRequest("UPDATE");
        assertEquals("2;refresher=uac", update.header("Session-Expires").replace(" ", ""));
        assertTrue(update.body() == null || update.body().isEmpty(), "an UPDATE refresh carries no offer");
        uac.respond(update, 200, "OK", null, contact(), "Session-Expires: 2;refresher=uac");

        update = uac.awaitRequest("UPDATE");
        uac.respond(update, 405, "Method Not Allowed", null, "Allow: INVITE, ACK, BYE");
        SipMsg reInvite = uac.awaitRequest("INVITE");
        uac.respond(reInvite, 200, "OK", CALLER_SDP, contact());
        uac.awaitRequest("ACK");
        reInvite = uac.awaitRequest("INVITE");
        uac.respond(reInvite, 200, "OK", CALLER_SDP, contact());
        uac.bye();
        uac.awaitResponse(200, "BYE");
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
    }

    @Test
    void a422IsRetriedWithTheMinSeItNames() throws Exception {
        establish(TWILIO_ALLOW);
        SipMsg reInvite = uac.awaitRequest("INVITE");
        uac.respond(reInvite, 422, "Session Interval Too Small", null, "Min-SE: 4");
        SipMsg again = uac.awaitRequest("INVITE");
        assertEquals("4;refresher=uac", again.header("Session-Expires").replace(" ", ""));
        assertTrue(again.cseqNumber() > reInvite.cseqNumber());
        uac.respond(again, 200, "OK", CALLER_SDP, contact(), "Session-Expires: 4;refresher=uac");
        long refreshed = System.nanoTime();
        SipMsg next = uac.awaitRequest("INVITE");
        long gap = (System.nanoTime() - refreshed) / 1_000_000;
        assertTrue(gap >= 1_500 && gap <= 3_000, "next refresh at half of 4 s, was " + gap + " ms");
        uac.respond(next, 200, "OK", CALLER_SDP, contact());
        uac.bye();
        uac.awaitResponse(200, "BYE");
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
    }

    @Test
    void aRefreshAnswered481EndsTheCallWithBye() throws Exception {
        establish(TWILIO_ALLOW);
        SipMsg reInvite = uac.awaitRequest("INVITE");
        uac.respond(reInvite, 481, "Call/Transaction Does Not Exist");
        SipMsg bye = uac.awaitRequest("BYE");
        String reason = bye.header("Reason");
        assertTrue(reason.contains("cause=408") && reason.contains("session refresh failed"), reason);
        uac.respond(bye, 200, "OK");
        Await.until(WAIT, "the call ended", () -> call().events.contains("byeSent"));
        assertEquals(List.of("ack", "refreshFailed", "byeSent"), call().events);
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
    }

    @Test
    void anUnansweredRefreshEndsTheCallWhenTheSessionExpires() throws Exception {
        establish(TWILIO_ALLOW);
        uac.awaitRequest("INVITE"); // never answered
        long sent = System.nanoTime();
        SipMsg bye = uac.awaitRequest("BYE");
        long after = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(after >= 700 && after <= 2_500, "BYE when the 2 s interval runs out, 1 s after the refresh: "
                + after + " ms");
        uac.respond(bye, 200, "OK");
        Await.until(WAIT, "the call ended", () -> call().events.contains("byeSent"));
        assertTrue(call().events.contains("refreshFailed"), call().events.toString());
        assertFalse(call().events.contains("sessionExpired"), call().events.toString());
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
    }
}
