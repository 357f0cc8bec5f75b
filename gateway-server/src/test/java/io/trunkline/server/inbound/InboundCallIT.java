package io.trunkline.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.SipTimings;
import io.trunkline.core.testing.Await;
import io.trunkline.server.inbound.InboundGateway.Options;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.CallerRtp.Received;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.UacSteps;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inbound calls end to end, in process, over real loopback sockets: a raw-text SIP UAC and an RTP endpoint play
 * the carrier, a recording WebSocket agent speaking the raw PCM protocol at 16 kHz plays the agent, and a real
 * gateway sits between them. Each case checks what both peers saw and the call record the gateway wrote.
 */
class InboundCallIT {
    static final double TONE_HZ = 1000;
    /** Where 8 → 16 kHz upsampling mirrors a 1 kHz tone. */
    static final double IMAGE_HZ = 7000;
    static final double TONE_DBFS = -12;
    static final int TONE_MILLIS = 3000;
    static final int TONE_PACKETS = TONE_MILLIS / 20;
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    // ---- 1. audio both ways --------------------------------------------------------------------------------

    @Test
    void toneReachesTheAgentAt16kHzAndItsEchoReturnsAsPcmuAtTheSameLevel() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), true);
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port(), 1, "sendrecv"), "X-Tenant: acme");
            uac.awaitResponse(100, "INVITE");
            SipMsg ok = establish(uac);
            InetSocketAddress gatewayRtp = Sdp.audioAddress(ok.body());
            assertEquals("127.0.0.1", gatewayRtp.getAddress().getHostAddress(), ok.body());
            assertEquals("sendrecv", Sdp.direction(ok.body()));
            assertTrue(ok.body().contains("m=audio " + gatewayRtp.getPort() + " RTP/AVP 0 101\r\n"), ok.body());

            RecordingAgent.Session session = agent.awaitSession(0);
            rtp.play(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, TONE_MILLIS));
            rtp.start(gatewayRtp, false);
            Await.until(WAIT, TONE_PACKETS + " frames at the agent", () -> session.frames.size() >= TONE_PACKETS);
            Await.until(WAIT, "the whole echo played back to the caller",
                    () -> RtpStreams.echoComplete(rtp.received(), TONE_PACKETS));

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());

            // The agent: a start message with the X- header as metadata, then 3 s of 16 kHz PCM16, then hangup.
            JsonNode start = JSON.readTree(session.texts.get(0));
            assertEquals("start", start.path("type").asText(), session.texts.toString());
            assertEquals("pcm_s16le", start.path("encoding").asText());
            assertEquals(16000, start.path("sampleRate").asInt());
            assertEquals("acme", start.path("metadata").path("X-Tenant").asText(), start.toString());
            assertEquals(TONE_PACKETS, session.frames.size());
            assertTrue(session.frames.stream().allMatch(f -> f.length == 640), "every frame is 20 ms at 16 kHz");
            short[] atAgent = TestAudio.pcm16le(session.audio());
            int from = 1600; // skip 100 ms at each end
            int to = from + TestAudio.wholePeriods(atAgent.length - 2 * from, 16); // whole periods of 1 and 7 kHz
            double toneAtAgent = TestAudio.levelDbfs(atAgent, 16000, TONE_HZ, from, to);
            double imageAtAgent = TestAudio.levelDbfs(atAgent, 16000, IMAGE_HZ, from, to);
            assertEquals(TONE_DBFS, toneAtAgent, 1.0, "tone level at the agent");
            assertTrue(toneAtAgent - imageAtAgent >= 60,
                    "7 kHz image only " + (toneAtAgent - imageAtAgent) + " dB below the tone");
            Await.until(WAIT, "hangup message to the agent", () -> types(session).contains("hangup"));
            Await.until(WAIT, "agent connection closed", () -> session.closed);

            // The caller: PCMU from the address the SDP answer named, the echo at the level that was sent.
            Await.until(WAIT, "every packet the gateway counted reached the caller",
                    () -> rtp.receivedCount() == r.outbound().packets());
            List<Received> back = rtp.received();
            for (Received p : back) {
                assertEquals(gatewayRtp, p.source(), "RTP source");
                assertEquals(CallerRtp.PCMU, p.payloadType());
            }
            RtpStreams.assertConsecutive(back);
            List<Received> echo = RtpStreams.nonSilent(back);
            assertTrue(Math.abs(echo.size() - TONE_PACKETS) <= 2, "echoed packets: " + echo.size());
            short[] echoed = TestAudio.decodeUlaw(RtpStreams.concat(echo.subList(5, echo.size() - 5)));
            double echoLevel = TestAudio.levelDbfs(echoed, 8000, TONE_HZ, 0, echoed.length);
            assertEquals(TONE_DBFS, echoLevel, 1.0, "echo level at the caller");
            for (double other : new double[] {500, 2000, 3000}) {
                double level = TestAudio.levelDbfs(echoed, 8000, other, 0, echoed.length);
                assertTrue(echoLevel - level >= 30, other + " Hz only " + (echoLevel - level) + " dB down");
            }

            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(EndedBy.CALLER, r.endedBy());
            assertEquals(200, r.finalStatus());
            assertEquals("PCMU_8K", r.codec());
            assertEquals("raw", r.agentKind());
            assertEquals(0, rtp.sendErrors());
            assertEquals(TONE_PACKETS, r.inbound().packets(), r.inbound().toString());
            assertEquals(0, r.inbound().lost(), r.inbound().toString());
            assertTrue(r.outbound().packets() >= TONE_PACKETS, r.outbound().toString());
            assertNotNull(r.answeredAt());
            SipTimings sip = r.sip();
            assertTrue(sip.trying() >= 0 && sip.ringing() >= sip.trying() && sip.answered() >= sip.ringing()
                    && sip.acked() >= sip.answered() && sip.byeReceived() > sip.acked(), sip.toString());
            assertTrue(Double.isNaN(sip.byeSent()), sip.toString());
            assertTrue(r.agent().connectMs() >= 0 && r.agent().firstAudioMs() >= 0, r.agent().toString());
            report("audio", String.format(Locale.ROOT,
                    "agent tone %.2f dBFS, 7 kHz image %.1f dB down; echo %.2f dBFS (sent %.1f) in %d packets;"
                            + " record in=%d out=%d, agent connect %.1f ms, first audio %.1f ms",
                    toneAtAgent, toneAtAgent - imageAtAgent, echoLevel, TONE_DBFS, echo.size(),
                    r.inbound().packets(), r.outbound().packets(), r.agent().connectMs(), r.agent().firstAudioMs()));
        }
    }

    // ---- 2. DTMF --------------------------------------------------------------------------------------------

    @Test
    void rfc4733DigitsReachTheAgentOnceEachAndTheRecord() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), false);
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port(), 1, "sendrecv"));
            InetSocketAddress gatewayRtp = Sdp.audioAddress(establish(uac).body());
            RecordingAgent.Session session = agent.awaitSession(0);
            rtp.play(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, 100));
            rtp.press('1');
            rtp.press('#');
            rtp.play(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, 100));
            rtp.start(gatewayRtp, false);
            Await.until(WAIT, "digits and audio sent", rtp::idle);
            rtp.stopSending();
            // Audio sent after the digits arrives after them: once all of it is at the agent, so are the digits.
            int audioPackets = rtp.audioPacketsSent();
            Await.until(WAIT, "all audio at the agent", () -> session.frames.size() >= audioPackets);

            List<JsonNode> dtmf = new ArrayList<>();
            for (String text : session.texts) {
                JsonNode m = JSON.readTree(text);
                if (m.path("type").asText().equals("dtmf")) {
                    dtmf.add(m);
                }
            }
            assertEquals(2, dtmf.size(), "one message per key press: " + session.texts);
            assertEquals("1", dtmf.get(0).path("digit").asText());
            assertEquals("#", dtmf.get(1).path("digit").asText());
            // The end packets carry 6 × 160 timestamp units: 120 ms.
            assertEquals(120, dtmf.get(0).path("durationMs").asInt(), dtmf.get(0).toString());

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals("1#", r.dtmfDigits());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(2 * (CallerRtp.DIGIT_UPDATES + CallerRtp.DIGIT_ENDS), rtp.eventPacketsSent());
            assertEquals(0, rtp.sendErrors());
            // Event packets share the audio stream's sequence numbers, so none of them looks like a loss.
            assertEquals(audioPackets + rtp.eventPacketsSent(), r.inbound().packets(), r.inbound().toString());
            assertEquals(0, r.inbound().lost(), r.inbound().toString());
            assertEquals(audioPackets, session.frames.size(), "event packets carry no audio for the agent");
            report("dtmf", "agent got " + dtmf + ", record digits " + r.dtmfDigits());
        }
    }

    // ---- 3. agent hangup ------------------------------------------------------------------------------------

    @Test
    void agentHangupSendsByeWithReason() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), true);
                // Addressed by host name: the agent connection goes through the gateway's asynchronous resolver.
                RunningGateway gw = InboundGateway.start(Options.of(byHostName(agent.uri())));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port(), 1, "sendrecv"));
            rtp.start(Sdp.audioAddress(establish(uac).body()), true);
            RecordingAgent.Session session = agent.awaitSession(0);
            Await.until(WAIT, "caller audio at the agent", () -> session.frames.size() >= 10);

            session.send("{\"type\":\"hangup\",\"reason\":\"goodbye\"}");
            SipMsg bye = uac.awaitRequest("BYE");
            String reason = bye.header("Reason");
            assertNotNull(reason, "BYE without a Reason header");
            assertTrue(reason.startsWith("SIP") && reason.contains("cause=200"), reason);
            assertTrue(reason.contains("agent hung up"), reason);
            assertEquals(uac.toTag(), bye.fromTag(), "the BYE comes from the gateway's side of the dialog");
            uac.respond(bye, 200, "OK");

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_HANGUP, r.endReason());
            assertEquals(EndedBy.AGENT, r.endedBy());
            assertEquals(200, r.finalStatus());
            assertTrue(r.sip().acked() > 0, r.sip().toString());
            assertTrue(r.sip().byeSent() > r.sip().acked(), r.sip().toString());
            assertTrue(Double.isNaN(r.sip().byeReceived()), r.sip().toString());
            assertTrue(r.inbound().packets() >= 10, r.inbound().toString());
            Await.until(WAIT, "agent connection closed by the gateway", () -> session.closed);
            assertEquals(1000, session.closeCode, "the gateway closes the agent socket normally");
            assertFalse(types(session).contains("hangup"), "no hangup echoed to an agent that hung up");
            gw.awaitIdle();
            report("agent-hangup", "Reason: " + reason + "; record sip " + r.sip());
        }
    }

    // ---- 4. CANCEL ------------------------------------------------------------------------------------------

    @Test
    void cancelBeforeAnswerGets487AndDropsTheAgentConnection() throws Exception {
        try (SilentAgent agent = new SilentAgent();
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port(), 1, "sendrecv"));
            uac.awaitResponse(180, "INVITE");
            SilentAgent.Connection connection = Await.value(WAIT, "the agent connection",
                    () -> agent.connections().isEmpty() ? null : agent.connections().get(0));
            Await.until(WAIT, "the WebSocket upgrade request",
                    () -> connection.request().toLowerCase(Locale.ROOT).contains("upgrade: websocket"));

            uac.cancel();
            uac.awaitResponse(200, "CANCEL");
            uac.awaitResponse(487, "INVITE");
            UacSteps.ackFailure(uac);

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_CANCELLED, r.endReason());
            assertEquals(EndedBy.CALLER, r.endedBy());
            assertEquals(487, r.finalStatus());
            assertNull(r.answeredAt());
            assertEquals(0, r.durationMs());
            assertTrue(r.sip().ringing() >= 0, r.sip().toString());
            assertTrue(Double.isNaN(r.sip().answered()), r.sip().toString());
            Await.until(WAIT, "the half-open agent connection closed", () -> connection.closedByPeer);
            assertTrue(uac.all(m -> m.isResponse() && m.status() == 200 && "INVITE".equals(m.cseqMethod()))
                    .isEmpty(), "a cancelled call is never answered");
            gw.awaitIdle();
        }
    }

    // ---- 5. hold and resume ---------------------------------------------------------------------------------

    @Test
    void holdStopsOutboundRtpAndResumeContinuesTheSequence() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), false);
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port(), 1, "sendrecv"));
            InetSocketAddress gatewayRtp = Sdp.audioAddress(establish(uac).body());
            rtp.start(gatewayRtp, true);
            RecordingAgent.Session session = agent.awaitSession(0);
            Await.until(WAIT, "RTP from the gateway", () -> rtp.receivedCount() >= 10);

            uac.reInvite(Sdp.pcmuOffer(rtp.port(), 2, "sendonly"));
            SipMsg holdOk = uac.awaitResponse(200, "INVITE");
            long heldAt = System.nanoTime();
            uac.ack(true);
            assertEquals("recvonly", Sdp.direction(holdOk.body()), holdOk.body());
            assertEquals(gatewayRtp, Sdp.audioAddress(holdOk.body()), "same media address on hold");
            int framesAtHold = session.frames.size();
            Await.until(WAIT, "300 ms without RTP from the gateway",
                    () -> System.nanoTime() - RtpStreams.lastArrival(rtp) >= TimeUnit.MILLISECONDS.toNanos(300));
            // The caller still sends while it holds (sendonly): its audio keeps reaching the agent.
            Await.until(WAIT, "caller audio during hold", () -> session.frames.size() >= framesAtHold + 10);
            List<Received> beforeResume = rtp.received();
            // The 200 goes out before the new direction reaches the call's loop: allow what a busy loop sends meanwhile.
            long inFlight = beforeResume.stream().filter(p -> p.arrivalNanos() > heldAt).count();
            assertTrue(inFlight <= 10, inFlight + " packets after the hold was answered");

            long resumeAt = System.nanoTime();
            uac.reInvite(Sdp.pcmuOffer(rtp.port(), 3, "sendrecv"));
            SipMsg resumeOk = uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            assertEquals("sendrecv", Sdp.direction(resumeOk.body()), resumeOk.body());
            Await.until(WAIT, "RTP after resume", () -> rtp.receivedCount() >= beforeResume.size() + 10);

            List<Received> all = rtp.received();
            assertEquals(beforeResume.size(), all.stream().filter(p -> p.arrivalNanos() < resumeAt).count(),
                    "packets while on hold");
            Received lastHeld = beforeResume.get(beforeResume.size() - 1);
            Received firstResumed = all.get(beforeResume.size());
            long silentMs = TimeUnit.NANOSECONDS.toMillis(firstResumed.arrivalNanos() - lastHeld.arrivalNanos());
            assertTrue(silentMs >= 300, "gap " + silentMs + " ms");
            assertEquals((lastHeld.sequence() + 1) & 0xffff, firstResumed.sequence(), "sequence after resume");
            RtpStreams.assertConsecutive(all);
            long timestampGap = (firstResumed.timestamp() - lastHeld.timestamp()) & 0xffff_ffffL;
            // A clock that stopped during hold would continue with +160.
            assertTrue(timestampGap >= 160 * 5, "the RTP clock ran on during hold: " + timestampGap);
            assertEquals(lastHeld.ssrc(), firstResumed.ssrc(), "same stream after resume");

            rtp.stopSending();
            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            Await.until(WAIT, "every packet sent reached the caller",
                    () -> rtp.receivedCount() == r.outbound().packets());
            report("hold", String.format(Locale.ROOT,
                    "%d in flight after hold 200, silent %d ms, seq %d -> %d, ts +%d (%.0f ms), record out=%d",
                    inFlight, silentMs, lastHeld.sequence(), firstResumed.sequence(), timestampGap,
                    timestampGap / 8.0, r.outbound().packets()));
        }
    }

    // ---- 6. codec rejection ---------------------------------------------------------------------------------

    @Test
    void g729OnlyOfferIsRejected488WithoutTouchingTheAgent() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), false);
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()));
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.g729Offer(FreePorts.udp()));
            uac.awaitResponse(488, "INVITE");
            UacSteps.ackFailure(uac);

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.REJECTED_CODEC, r.endReason());
            assertEquals(EndedBy.GATEWAY, r.endedBy());
            assertEquals(488, r.finalStatus());
            assertNull(r.codec());
            assertNull(r.answeredAt());
            assertTrue(uac.all(m -> m.isResponse() && m.status() == 180).isEmpty(), "no ringing for a refusal");
            assertTrue(agent.sessions().isEmpty(), "no agent session for a refused call");
            assertEquals(0, gw.gateway().bridge().activeCalls());
        }
    }

    // ---- 7. call limit --------------------------------------------------------------------------------------

    @Test
    void callBeyondTheLimitGets503WithRetryAfterAndTheSlotIsReleasedAfterwards() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), false);
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()).maxCalls(1));
                CallerRtp rtp1 = new CallerRtp();
                CallerRtp rtp2 = new CallerRtp();
                TestUac first = gw.uac();
                TestUac second = gw.uac()) {
            first.inviteSdp(Sdp.pcmuOffer(rtp1.port(), 1, "sendrecv"));
            establish(first);

            second.inviteSdp(Sdp.pcmuOffer(rtp2.port(), 1, "sendrecv"));
            SipMsg busy = second.awaitResponse(503, "INVITE");
            UacSteps.ackFailure(second);
            assertEquals(String.valueOf(InboundGateway.RETRY_AFTER_SECONDS), busy.header("Retry-After"),
                    "Retry-After on 503");
            CallRecord refused = gw.awaitRecord(second.callId());
            assertEquals(EndReason.REJECTED_CAPACITY, refused.endReason());
            assertEquals(503, refused.finalStatus());
            assertEquals(EndedBy.GATEWAY, refused.endedBy());
            assertEquals(1, agent.sessions().size(), "the refused call never reached the agent");

            first.bye();
            first.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(first.callId()).endReason());
            gw.awaitIdle();

            second.newCall();
            second.inviteSdp(Sdp.pcmuOffer(rtp2.port(), 1, "sendrecv"));
            establish(second);
            second.bye();
            second.awaitResponse(200, "BYE");
            CallRecord later = gw.awaitRecord(second.callId());
            assertEquals(EndReason.CALLER_HANGUP, later.endReason());
            assertEquals(200, later.finalStatus());
        }
    }

    // ---- 8. agent unreachable -------------------------------------------------------------------------------

    @Test
    void refusedAgentConnectionGets503AtOnce() throws Exception {
        Duration readyTimeout = Duration.ofSeconds(1);
        // Nobody listens on a port that was free a moment ago: connections to it are refused.
        URI closedPort = URI.create("ws://127.0.0.1:" + FreePorts.tcp() + "/agent");
        try (RunningGateway gw = InboundGateway.start(Options.of(closedPort).agentReadyTimeout(readyTimeout));
                TestUac uac = gw.uac()) {
            long sent = System.nanoTime();
            uac.inviteSdp(Sdp.pcmuOffer(FreePorts.udp(), 1, "sendrecv"));
            SipMsg unavailable = uac.awaitResponse(503, "INVITE");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            UacSteps.ackFailure(uac);
            assertNotNull(unavailable.header("Retry-After"), "Retry-After on 503");

            CallRecord r = gw.awaitRecord(uac.callId());
            // A timeout would have been recorded as AGENT_CONNECT_TIMEOUT: this one failed before the deadline.
            assertEquals(EndReason.AGENT_CONNECT_FAILED, r.endReason());
            assertEquals(EndedBy.AGENT, r.endedBy());
            assertEquals(503, r.finalStatus());
            assertNull(r.answeredAt());
            assertTrue(elapsedMs < readyTimeout.toMillis() + 4000, elapsedMs + " ms");
            gw.awaitIdle();
            report("agent-refused", "503 after " + elapsedMs + " ms");
        }
    }

    @Test
    void agentThatNeverCompletesTheHandshakeGets503AfterTheReadyTimeout() throws Exception {
        Duration readyTimeout = Duration.ofSeconds(1);
        try (SilentAgent agent = new SilentAgent();
                RunningGateway gw = InboundGateway.start(Options.of(agent.uri()).agentReadyTimeout(readyTimeout));
                TestUac uac = gw.uac()) {
            long sent = System.nanoTime();
            uac.inviteSdp(Sdp.pcmuOffer(FreePorts.udp(), 1, "sendrecv"));
            uac.awaitResponse(180, "INVITE");
            SipMsg unavailable = uac.awaitResponse(503, "INVITE");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            UacSteps.ackFailure(uac);
            assertEquals(String.valueOf(InboundGateway.RETRY_AFTER_SECONDS), unavailable.header("Retry-After"));

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_CONNECT_TIMEOUT, r.endReason());
            assertEquals(EndedBy.AGENT, r.endedBy());
            assertEquals(503, r.finalStatus());
            assertEquals(1, agent.connections().size());
            assertTrue(elapsedMs >= readyTimeout.toMillis() - 50, "gave up early: " + elapsedMs + " ms");
            assertTrue(elapsedMs < readyTimeout.toMillis() + 4000, "gave up late: " + elapsedMs + " ms");
            SilentAgent.Connection connection = agent.connections().get(0);
            Await.until(WAIT, "the agent connection closed", () -> connection.closedByPeer);
            gw.awaitIdle();
            report("agent-timeout", "503 after " + elapsedMs + " ms (ready timeout " + readyTimeout.toMillis()
                    + " ms)");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** After an INVITE with an answerable offer: 180, 200, ACK. Returns the 200. */
    private static SipMsg establish(TestUac uac) throws IOException {
        uac.awaitResponse(180, "INVITE");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        assertEquals("application/sdp", ok.header("Content-Type"));
        uac.ack(true);
        return ok;
    }

    /** The message types the agent received, in order. */
    private static List<String> types(RecordingAgent.Session session) {
        List<String> types = new ArrayList<>();
        for (String text : session.texts) {
            try {
                types.add(JSON.readTree(text).path("type").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return types;
    }

    private static void report(String test, String figures) {
        System.out.println("[InboundCallIT] " + test + ": " + figures);
    }

    private static java.net.URI byHostName(java.net.URI uri) {
        return java.net.URI.create(uri.toString().replace("//127.0.0.1:", "//localhost:"));
    }
}
