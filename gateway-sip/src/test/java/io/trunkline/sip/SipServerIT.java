package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.testing.Await;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UAS over real loopback UDP against a raw-text UAC and a fake bridge. */
class SipServerIT {
    static final String MEDIA_ADDRESS = "198.51.100.7";
    static final Duration WAIT = TestUac.WAIT;

    static final String TWILIO_SDP = """
            v=0\r
            o=root 1234 1234 IN IP4 127.0.0.1\r
            s=Twilio Media Gateway\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 40150 RTP/AVP 0 8 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-16\r
            a=ptime:20\r
            a=maxptime:20\r
            a=rtcp:40151\r
            a=sendrecv\r
            """;

    static FakeBridge bridge;
    static SipServer server;
    static int port;
    TestUac uac;

    @BeforeAll
    static void startServer() throws Exception {
        bridge = new FakeBridge();
        port = TestPorts.freePort();
        server = new SipServer(config(port, Set.of("udp")), MEDIA_ADDRESS, bridge);
        server.start();
        assertTrue(server.isBound());
    }

    static SipConfig config(int port, Set<String> transports) {
        return new SipConfig("127.0.0.1", port, null, transports, 2, 65536, 1000);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        assertFalse(server.isBound());
        bridge.close();
    }

    @BeforeEach
    void newUac() throws Exception {
        bridge.mode = FakeBridge.Mode.ANSWER;
        bridge.accepting = true;
        uac = new TestUac(new UdpTransport(port), port);
    }

    @AfterEach
    void closeUac() {
        uac.close();
    }

    /** INVITE → 100 → 180 → 200 → ACK; returns the bridge's view of the call. */
    private FakeBridge.Call establish(String sdp) throws Exception {
        uac.inviteSdp(sdp);
        uac.awaitResponse(100, "INVITE");
        uac.awaitResponse(180, "INVITE");
        uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        Await.until(WAIT, "ACK reported to the bridge", () -> call.events.contains("ack"));
        return call;
    }

    private void awaitNoCalls() {
        Await.until(WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
    }

    @Test
    void inviteIsAnsweredWithSdpAndAckReachesTheBridge() throws Exception {
        uac.inviteSdp(TWILIO_SDP, "X-Twilio-CallSid: CA123", "X-Twilio-AccountSid: AC456", "X-Tenant: acme",
                "Diversion: <sip:+15083728299@twilio.com>;reason=unconditional",
                "P-Asserted-Identity: <sip:+15083084809@206.147.76.45:5060>");
        SipMsg trying = uac.awaitResponse(100, "INVITE");
        assertNull(trying.toTag(), "100 Trying carries no To-tag");
        SipMsg ringing = uac.awaitResponse(180, "INVITE");
        assertNotNull(ringing.toTag());
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        assertEquals(ringing.toTag(), ok.toTag(), "one To-tag for the whole dialog");
        assertEquals("application/sdp", ok.header("Content-Type"));
        assertTrue(ok.header("Contact").contains("127.0.0.1:" + port), ok.header("Contact"));
        assertTrue(ok.header("Contact").contains("transport=udp"), ok.header("Contact"));
        String sdp = ok.body();
        assertTrue(sdp.startsWith("v=0\r\n"), sdp);
        assertTrue(sdp.contains("c=IN IP4 " + MEDIA_ADDRESS + "\r\n"), sdp);
        assertTrue(sdp.contains("m=audio 40000 RTP/AVP 0 101\r\n"), sdp);
        assertTrue(sdp.contains("a=rtpmap:0 PCMU/8000\r\n"), sdp);
        assertTrue(sdp.contains("a=fmtp:101 0-16\r\n"), sdp);
        assertTrue(sdp.contains("a=sendrecv\r\n"), sdp);
        uac.ack(true);

        List<FakeBridge.Call> calls = bridge.calls(uac.callId());
        assertEquals(1, calls.size());
        FakeBridge.Call call = calls.get(0);
        Await.until(WAIT, "ACK reported", () -> call.events.contains("ack"));
        var invite = call.invite;
        assertEquals("CA123", invite.parties().twilioCallSid());
        assertEquals("AC456", invite.parties().twilioAccountSid());
        assertEquals("acme", invite.parties().customHeaders().get("X-Tenant"));
        assertTrue(invite.parties().diversion().contains("twilio.com"));
        assertTrue(invite.parties().assertedIdentity().contains("206.147.76.45"));
        assertEquals("sip:+15083084809@127.0.0.1", invite.parties().from());
        MediaOffer media = invite.media();
        assertEquals(new InetSocketAddress("127.0.0.1", 40150), media.remoteRtp());
        assertEquals(AudioFormat.PCMU_8K, media.codec());
        assertEquals(101, media.telephoneEventPayloadType());
        assertNull(invite.rejection());
        assertEquals(uac.received().size() > 0, true);
        assertNotNull(invite.source());
        assertEquals("127.0.0.1", invite.source().getAddress().getHostAddress());
        assertTrue(invite.tryingNanos() - invite.receivedNanos() >= 0, "100 sent after arrival");
        assertTrue(call.ackNanos - invite.tryingNanos() > 0, "ACK after 100");
        assertEquals(1, server.activeDialogs());

        uac.bye();
        uac.awaitResponse(200, "BYE");
        Await.until(WAIT, "BYE reported", () -> call.events.contains("bye"));
        assertEquals(List.of("ack", "bye"), call.events);
        awaitNoCalls();
    }

    @Test
    void retransmittedInviteCreatesNoSecondCall() throws Exception {
        bridge.mode = FakeBridge.Mode.RING;
        String invite = uac.inviteSdp(TWILIO_SDP);
        uac.awaitResponse(180, "INVITE");
        uac.resend(invite);
        uac.resend(invite);
        // The stack answers each retransmission with the last provisional response.
        uac.awaitResponse(180, "INVITE");
        uac.awaitResponse(180, "INVITE");
        assertEquals(1, bridge.calls(uac.callId()).size());
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        call.leg.reject(480, "Temporarily Unavailable", 0);
        SipMsg unavailable = uac.awaitResponse(480, "INVITE");
        assertEquals("Temporarily Unavailable", unavailable.startLine().substring(12));
        uac.ack(false);
        assertEquals(1, bridge.calls.stream().filter(c -> c.invite.parties().sipCallId().equals(uac.callId())).count());
        awaitNoCalls();
    }

    @Test
    void byeFromGatewayCarriesReasonAndIsReported() throws Exception {
        FakeBridge.Call call = establish(TWILIO_SDP);
        call.leg.hangup(EndReason.AGENT_HANGUP);
        SipMsg bye = uac.awaitRequest("BYE");
        String reason = bye.header("Reason");
        assertNotNull(reason, "Reason header on BYE");
        assertTrue(reason.startsWith("SIP"), reason);
        assertTrue(reason.contains("cause=200"), reason);
        assertTrue(reason.contains("text=\"agent hung up\""), reason);
        assertEquals(uac.toTag(), bye.fromTag(), "BYE comes from our side of the dialog");
        long beforeAnswer = System.nanoTime();
        uac.respond(bye, 200, "OK");
        Await.until(WAIT, "BYE completion reported", () -> call.events.contains("byeSent"));
        assertTrue(call.byeSentNanos - beforeAnswer < 0, "reported time is when the BYE went out");
        call.leg.hangup(EndReason.AGENT_HANGUP); // a second hangup does nothing
        awaitNoCalls();
        assertEquals(List.of("ack", "byeSent"), call.events);
        assertEquals(1, uac.all(m -> "BYE".equals(m.method())).size());
    }

    @Test
    void cancelBeforeAnswerGets487AndOnlyOneFinalResponse() throws Exception {
        bridge.mode = FakeBridge.Mode.RING;
        uac.inviteSdp(TWILIO_SDP);
        uac.awaitResponse(180, "INVITE");
        uac.cancel();
        SipMsg cancelled = uac.awaitResponse(200, "CANCEL");
        SipMsg terminated = uac.awaitResponse(487, "INVITE");
        assertEquals(uac.toTag(), terminated.toTag());
        assertEquals(terminated.toTag(), cancelled.toTag());
        uac.ack(false);
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        Await.until(WAIT, "CANCEL reported", () -> call.events.contains("cancel"));
        call.leg.answer(FakeBridge.LOCAL_RTP, call.invite.media()); // too late: must not send a 200
        awaitNoCalls();
        // An OPTIONS round trip is a barrier: everything the server sent for the call before is here by now.
        uac.send("OPTIONS");
        uac.awaitResponse(200, "OPTIONS");
        assertTrue(uac.all(m -> m.isResponse() && "INVITE".equals(m.cseqMethod()) && m.status() >= 200)
                .stream().allMatch(m -> m.status() == 487));
        assertEquals(List.of("cancel"), call.events);
    }

    @Test
    void holdResumeAndMoveAreAnsweredAndReported() throws Exception {
        FakeBridge.Call call = establish(TWILIO_SDP);
        String first = uac.all(m -> m.status() == 200 && "INVITE".equals(m.cseqMethod())).get(0).body();
        assertTrue(first.contains("o=trunkline "), first);

        uac.reInvite(TWILIO_SDP.replace("a=sendrecv", "a=sendonly"));
        SipMsg hold = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        assertTrue(hold.body().contains("a=recvonly\r\n"), hold.body());
        assertTrue(hold.body().contains("m=audio 40000 RTP/AVP 0 101\r\n"), hold.body());
        assertEquals(version(first) + 1, version(hold.body()));
        assertEquals(sessionId(first), sessionId(hold.body()));

        uac.reInvite(TWILIO_SDP.replace("a=sendrecv", "a=inactive"));
        SipMsg inactive = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        assertTrue(inactive.body().contains("a=inactive\r\n"), inactive.body());
        assertEquals(version(first) + 2, version(inactive.body()));

        uac.reInvite(TWILIO_SDP.replace("c=IN IP4 127.0.0.1", "c=IN IP4 127.0.0.9"));
        SipMsg resumed = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        assertTrue(resumed.body().contains("a=sendrecv\r\n"), resumed.body());

        Await.until(WAIT, "three media updates", () -> call.updates.size() == 3);
        assertEquals(MediaDirection.SENDONLY, call.updates.get(0).direction());
        assertEquals(MediaDirection.INACTIVE, call.updates.get(1).direction());
        assertEquals(new InetSocketAddress("127.0.0.9", 40150), call.updates.get(2).remoteRtp());
        assertEquals(List.of("ack", "media:sendonly", "media:inactive", "media:sendrecv"), call.events,
                "ACKs of re-INVITEs are not reported as the call's ACK");

        uac.bye();
        uac.awaitResponse(200, "BYE");
        awaitNoCalls();
    }

    @Test
    void unusableReInviteGets488AndTheCallContinues() throws Exception {
        FakeBridge.Call call = establish(TWILIO_SDP);
        uac.reInvite(TWILIO_SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 18").replace("a=rtpmap:0 PCMU/8000\r\n", ""));
        uac.awaitResponse(488, "INVITE");
        uac.ack(false);
        assertTrue(call.updates.isEmpty());
        uac.reInvite(null); // session refresh without an offer
        SipMsg refresh = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        assertTrue(refresh.body().contains("a=sendrecv"), refresh.body());
        uac.bye();
        uac.awaitResponse(200, "BYE");
        Await.until(WAIT, "BYE reported", () -> call.events.contains("bye"));
        assertTrue(call.updates.isEmpty());
        awaitNoCalls();
    }

    @Test
    void g729OnlyIsRejected488ThroughTheBridge() throws Exception {
        uac.inviteSdp(TWILIO_SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 18 101")
                .replace("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n", "a=rtpmap:18 G729/8000\r\n"));
        uac.awaitResponse(100, "INVITE");
        SipMsg rejected = uac.awaitResponse(488, "INVITE");
        assertNotNull(rejected.toTag());
        uac.ack(false);
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        assertEquals(EndReason.REJECTED_CODEC, call.invite.rejection());
        assertNull(call.invite.media());
        awaitNoCalls();
    }

    @Test
    void nonSdpBodyIs415AndMissingBodyIs400() throws Exception {
        uac.invite("text/plain", "hello");
        uac.awaitResponse(415, "INVITE");
        uac.ack(false);
        assertEquals(EndReason.REJECTED_MEDIA_TYPE, bridge.calls(uac.callId()).get(0).invite.rejection());

        uac.newCall();
        uac.invite(null, null);
        uac.awaitResponse(400, "INVITE");
        uac.ack(false);
        assertEquals(EndReason.REJECTED_BAD_REQUEST, bridge.calls(uac.callId()).get(0).invite.rejection());
        awaitNoCalls();
    }

    @Test
    void optionsIs200WhileAcceptingAnd503WhileDraining() throws Exception {
        uac.send("OPTIONS");
        SipMsg ok = uac.awaitResponse(200, "OPTIONS");
        String allow = String.join(",", ok.headers("Allow")).replace(" ", "");
        assertEquals("INVITE,ACK,CANCEL,BYE,OPTIONS,UPDATE,NOTIFY", allow);
        assertEquals("application/sdp", ok.header("Accept"));
        assertNotNull(ok.header("Supported"));
        bridge.accepting = false;
        uac.send("OPTIONS");
        uac.awaitResponse(503, "OPTIONS");
        assertEquals(0, server.activeDialogs());
    }

    @Test
    void aNotifyOutsideACallsDialogIs481AndAReceivedReferIs405() throws Exception {
        uac.send("NOTIFY", "Event: refer", "Subscription-State: terminated");
        uac.awaitResponse(481, "NOTIFY");
        uac.send("REFER", "Refer-To: <sip:desk@example.com>");
        SipMsg notAllowed = uac.awaitResponse(405, "REFER");
        assertTrue(String.join(",", notAllowed.headers("Allow")).contains("NOTIFY"));
    }

    @Test
    void unsupportedMethods() throws Exception {
        uac.send("REGISTER");
        SipMsg notAllowed = uac.awaitResponse(405, "REGISTER");
        assertTrue(String.join(",", notAllowed.headers("Allow")).contains("INVITE"));
        uac.send("FROBNICATE");
        uac.awaitResponse(501, "FROBNICATE");
        uac.send("MESSAGE");
        uac.awaitResponse(405, "MESSAGE");
    }

    @Test
    void byeAndCancelForUnknownCallsAre481() throws Exception {
        uac.toTag("nosuchtag");
        uac.bye();
        uac.awaitResponse(481, "BYE");
        uac.newCall();
        uac.cancelUnknown();
        uac.awaitResponse(481, "CANCEL");
        assertTrue(bridge.calls(uac.callId()).isEmpty());
        assertEquals(0, server.activeDialogs());
    }

    @Test
    void hangupBeforeAnswerRejectsWithTheReasonsStatus() throws Exception {
        bridge.mode = FakeBridge.Mode.RING;
        uac.inviteSdp(TWILIO_SDP);
        uac.awaitResponse(180, "INVITE");
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        call.leg.hangup(EndReason.AGENT_CONNECT_FAILED);
        uac.awaitResponse(503, "INVITE");
        uac.ack(false);
        awaitNoCalls();
    }

    @Test
    void redirectSends302WithTheFallbackContact() throws Exception {
        bridge.mode = FakeBridge.Mode.RING;
        uac.inviteSdp(TWILIO_SDP);
        uac.awaitResponse(180, "INVITE");
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        call.leg.redirect("sip:voicemail@pbx.example.com");
        call.leg.reject(503, "late", 0); // only one final response
        SipMsg moved = uac.awaitResponse(302, "INVITE");
        assertTrue(moved.header("Contact").contains("sip:voicemail@pbx.example.com"), moved.header("Contact"));
        uac.ack(false);
        awaitNoCalls();
    }

    @Test
    void rejectWithRetryAfter() throws Exception {
        bridge.mode = FakeBridge.Mode.RING;
        uac.inviteSdp(TWILIO_SDP);
        uac.awaitResponse(180, "INVITE");
        bridge.calls(uac.callId()).get(0).leg.reject(503, "Service Unavailable", 30);
        SipMsg busy = uac.awaitResponse(503, "INVITE");
        assertEquals("30", busy.header("Retry-After").trim());
        uac.ack(false);
        awaitNoCalls();
    }

    @Test
    void noLog4jOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.log4j.Logger"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.log4j.Layout"));
    }

    private static long version(String sdp) {
        return Long.parseLong(originField(sdp, 2));
    }

    private static String sessionId(String sdp) {
        return originField(sdp, 1);
    }

    private static String originField(String sdp, int index) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("o=")) {
                return line.substring(2).split(" ")[index];
            }
        }
        throw new AssertionError("no o= line in " + sdp);
    }
}
