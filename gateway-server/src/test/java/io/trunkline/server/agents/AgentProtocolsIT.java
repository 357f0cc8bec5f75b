package io.trunkline.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.AgentGateway.Agent;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.UacSteps;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.ws.Transport;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import io.trunkline.ws.vapi.FakeVapi;
import io.trunkline.ws.vapi.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocols end to end, in process, over loopback: a real gateway between a carrier (SIPp with the
 * Twilio-style scenario, or a raw-text SIP client with an RTP socket) and a fake Vapi or a fake agent built for
 * Twilio Media Streams. Checks audio both ways, DTMF and call metadata at the agent, every REST failure as the
 * caller sees it, the mid-call endings from the agent's side, barge-in at the caller's RTP socket, and mark echo
 * order and timing.
 */
class AgentProtocolsIT {
    static final double TONE_HZ = 1000;
    static final double TONE_DBFS = -12;
    static final Duration WAIT = AgentGateway.WAIT;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT_HEADER = "X-Tenant: acme";
    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(2);

    @TempDir
    Path dir;


    // ---- 1. SIPp through the gateway to each agent --------------------------------------------------------------

    @Test
    void sippCallReachesFakeVapiWithAudioBothWaysDigitsAndMetadata() throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), TONE_HZ, TONE_DBFS, 3000);
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapi(vapi.baseUrl()))) {
            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());

            CallRecord r = completedTwilioCall(gw, "vapi");

            // POST /call: the key from the environment, the assistant, the call's metadata both ways.
            assertEquals(List.of(), vapi.violations);
            assertEquals(1, vapi.requests.size());
            JsonNode request = vapi.requests.get(0);
            assertEquals(AgentGateway.ASSISTANT_ID, request.path("assistantId").asText());
            String callSid = r.parties().twilioCallSid();
            assertTrue(callSid != null && callSid.startsWith("CA1f0e1d2c3"), "X-Twilio-CallSid: " + callSid);
            for (JsonNode facts : List.of(request.path("assistantOverrides").path("metadata"),
                    request.path("assistantOverrides").path("variableValues"))) {
                assertEquals(callSid, facts.path("twilioCallSid").asText(), facts.toString());
                assertEquals(ACCOUNT_SID, facts.path("twilioAccountSid").asText(), facts.toString());
                assertEquals("acme", facts.path("X-Tenant").asText(), facts.toString());
            }
            assertEquals(1, vapi.createdIds.size());
            assertEquals(vapi.createdIds.get(0), r.agentCallId(), "the record names Vapi's call id");
            assertTrue(r.agent().connectRestMs() >= 0 && r.agent().connectWebSocketMs() >= 0,
                    "Vapi's connect splits into the REST call and the WebSocket: " + r.agent());

            // The socket: the caller's tone as PCM16 at 16 kHz, the digits as add-messages, then end-call and close.
            FakeVapi.Session s = vapi.sessions.get(0);
            assertEquals(r.agentCallId(), s.id);
            short[] atAgent = TestAudio.pcm16le(s.audio());
            assertTrue(atAgent.length >= 2 * 16000, "caller audio at Vapi: " + atAgent.length + " samples");
            double level = TestAudio.middleLevelDbfs(atAgent, 16000, TONE_HZ, 16);
            assertEquals(TONE_DBFS, level, 1.0, "tone level at Vapi");
            List<String> keys = new ArrayList<>();
            for (String text : s.texts) {
                JsonNode m = JSON.readTree(text);
                if (m.path("type").asText().equals("add-message")) {
                    keys.add(m.path("message").path("content").asText());
                }
            }
            assertEquals(List.of("The caller pressed the 4 key.", "The caller pressed the 2 key.",
                    "The caller pressed the # key."), keys);
            Await.until(WAIT, "end-call sent to Vapi", () -> s.texts.contains("{\"type\":\"end-call\"}"));
            Await.until(WAIT, "the Vapi socket closed", () -> !s.channel.isActive());
            assertEquals(List.of(1000), s.closeCodes, "closed normally by the gateway");
            gw.awaitIdle();
            report("sipp-vapi", String.format(Locale.ROOT, "tone at Vapi %.2f dBFS over %.2f s; record in=%d out=%d "
                            + "digits=%s; agent connect %.1f ms (REST %.1f, WebSocket %.1f), first audio %.1f ms",
                    level, atAgent.length / 16000.0, r.inbound().packets(), r.outbound().packets(), r.dtmfDigits(),
                    r.agent().connectMs(), r.agent().connectRestMs(), r.agent().connectWebSocketMs(),
                    r.agent().firstAudioMs()));
        }
    }

    @Test
    void sippCallReachesTwilioFormatAgentWithValidStreamDigitsAndParameters() throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), TONE_HZ, TONE_DBFS, 3000);
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.twilioStream(agent.uri()))) {
            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());

            CallRecord r = completedTwilioCall(gw, "twilio-stream");

            assertEquals(1, agent.streams.size());
            FakeTwilioAgent.Stream s = agent.streams.get(0);
            Await.until(WAIT, "the stop message", () -> !StreamView.events(s, "stop").isEmpty());
            assertEquals(List.of(), s.violations(), "Twilio Media Streams format");
            JsonNode start = StreamView.start(s);
            assertEquals(r.parties().twilioCallSid(), start.path("callSid").asText(), start.toString());
            assertEquals(start.path("streamSid").asText(), r.agentCallId(), "the record names the stream");
            assertTrue(Double.isNaN(r.agent().connectRestMs()), "a fixed URL has no REST phase: " + r.agent());
            assertEquals(ACCOUNT_SID, start.path("accountSid").asText());
            assertEquals("acme", start.path("customParameters").path("X-Tenant").asText(), start.toString());
            assertEquals("e2e", start.path("customParameters").path("route").asText(), start.toString());
            String digits = StreamView.events(s, "dtmf").stream().map(m -> m.path("dtmf").path("digit").asText())
                    .collect(Collectors.joining());
            assertEquals("42#", digits);

            List<JsonNode> media = StreamView.events(s, "media");
            assertTrue(media.size() >= 100, media.size() + " media messages");
            short[] atAgent = TestAudio.decodeUlaw(TestAudio.concatBase64(
                    media.stream().map(m -> m.path("media").path("payload").asText()).toList()));
            double level = TestAudio.middleLevelDbfs(atAgent, 8000, TONE_HZ, 8);
            assertEquals(TONE_DBFS, level, 1.0, "tone level at the agent");
            Await.until(WAIT, "the stream closed", () -> !s.channel.isActive());
            assertEquals(List.of(1000), s.closeCodes, "closed normally by the gateway after stop");
            gw.awaitIdle();
            report("sipp-twilio", String.format(Locale.ROOT, "%d media messages, tone %.2f dBFS, digits %s, "
                            + "callSid %s, customParameters %s; record in=%d out=%d, first audio %.1f ms",
                    media.size(), level, digits, start.path("callSid").asText(), start.path("customParameters"),
                    r.inbound().packets(), r.outbound().packets(), r.agent().firstAudioMs()));
        }
    }

    // ---- 2. Vapi REST failures as the caller sees them ------------------------------------------------------

    @Test
    void vapiRestFailuresGet503WithRetryAfterAndLeaveNothingOpen() throws Exception {
        Duration requestTimeout = Duration.ofMillis(600);
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapiRequestTimeout(requestTimeout)
                        .vapi(vapi.baseUrl()));
                TestUac uac = gw.uac()) {
            List<String> figures = new ArrayList<>();

            vapi.answerWith(401, Map.of(),
                    "{\"message\":\"Invalid Key.\",\"error\":\"Unauthorized\",\"statusCode\":401}");
            try (LogCapture logs = LogCapture.open()) {
                SipMsg refused = failedCall(gw, uac, 503, EndReason.AGENT_CONNECT_FAILED, figures, "401");
                assertEquals(String.valueOf(AgentGateway.RETRY_AFTER_SECONDS), refused.header("Retry-After"),
                        "no hint from Vapi: the configured Retry-After");
                assertTrue(logs.lines(Level.ERROR).stream().anyMatch(l -> l.contains("HTTP 401")),
                        "an error log naming the cause: " + logs.lines(Level.ERROR));
                assertFalse(logs.contains(AgentGateway.KEY), "the key never reaches the log");
            }

            vapi.answerWith(429, Map.of("Retry-After", "30"), "{\"message\":\"Too Many Requests\",\"statusCode\":429}");
            assertEquals("30", failedCall(gw, uac, 503, EndReason.AGENT_CONNECT_FAILED, figures, "429")
                    .header("Retry-After"), "Vapi's Retry-After reaches the carrier");

            vapi.answerWith(500, Map.of(), "{\"message\":\"Internal server error\",\"statusCode\":500}");
            String retry = failedCall(gw, uac, 503, EndReason.AGENT_CONNECT_FAILED, figures, "500")
                    .header("Retry-After");
            assertNotNull(retry, "Retry-After on a 5xx");
            assertTrue(Integer.parseInt(retry.trim()) > 0, retry);

            vapi.hang();
            long sent = System.nanoTime();
            failedCall(gw, uac, 503, EndReason.AGENT_CONNECT_TIMEOUT, figures, "timeout");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(elapsedMs >= requestTimeout.toMillis() - 50, "gave up early: " + elapsedMs + " ms");
            assertTrue(elapsedMs < requestTimeout.toMillis() + 3000, "gave up late: " + elapsedMs + " ms");

            assertEquals(4, vapi.requests.size(), "one POST /call per call");
            assertEquals(4, gw.records().size(), "one record per call");
            assertTrue(vapi.sessions.isEmpty(), "no call socket was ever opened");
            report("rest-failures", String.join("; ", figures));
        }
    }

    @Test
    void vapiFailureWithFallbackUriRedirectsTheCaller() throws Exception {
        String fallback = "sip:overflow@127.0.0.1:5099";
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.fallbackUri(fallback).vapi(vapi.baseUrl()));
                TestUac uac = gw.uac()) {
            vapi.answerWith(503, Map.of(), "{\"message\":\"Service Unavailable\",\"statusCode\":503}");
            List<String> figures = new ArrayList<>();
            SipMsg redirect = failedCall(gw, uac, 302, EndReason.AGENT_CONNECT_FAILED, figures, "fallback");
            String contact = redirect.header("Contact");
            assertNotNull(contact, "302 without Contact");
            assertTrue(contact.contains(fallback), contact);
            assertEquals(1, gw.records().size());
            assertTrue(vapi.sessions.isEmpty());
            report("fallback", "302 Contact: " + contact + "; " + figures.get(0));
        }
    }

    // ---- 3. mid-call endings from the agent's side ------------------------------------------------------------

    @Test
    void abruptVapiDisconnectWithHangupPolicyEndsTheCallWithBye() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            Await.until(WAIT, "caller audio at Vapi", () -> s.audio().length >= 10 * 640);

            crash(s.channel);
            SipMsg bye = awaitBye(uac);
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_DISCONNECTED, r.endReason());
            assertEquals(EndedBy.AGENT, r.endedBy());
            assertEquals(0, r.agent().reconnects());
            assertEquals(1, vapi.requests.size(), "no second call created");
            assertTrue(bye.header("Reason").contains("agent connection lost"), bye.header("Reason"));
            gw.awaitIdle();
            report("disconnect-hangup", "BYE Reason: " + bye.header("Reason"));
        }
    }

    @Test
    void abruptVapiDisconnectWithReconnectPolicyKeepsTheCall() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.onDisconnect(DisconnectPolicy.RECONNECT)
                        .vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeVapi.Session first = vapi.awaitSession(WAIT);
            Await.until(WAIT, "caller audio at Vapi", () -> first.audio().length >= 10 * 640);

            long lostAt = System.nanoTime();
            crash(first.channel);
            Await.until(WAIT, "a second Vapi call socket", () -> vapi.sessions.size() >= 2);
            long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);
            FakeVapi.Session second = vapi.sessions.get(1);
            assertEquals(2, vapi.requests.size(), "the reconnect creates a new Vapi call");
            Await.until(WAIT, "caller audio at the new socket", () -> second.audio().length >= 10 * 640);
            long heard = caller.audibleCount();
            second.sendBinary(TestAudio.pcm16Tone(TONE_HZ, TONE_DBFS, 400));
            Await.until(WAIT, "the new socket's audio at the caller", () -> caller.audibleCount() >= heard + 15);
            assertTrue(uac.all(m -> !m.isResponse() && "BYE".equals(m.method())).isEmpty(), "the call survived");

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(1, r.agent().reconnects());
            assertEquals(vapi.createdIds.get(1), r.agentCallId());
            Await.until(WAIT, "end-call sent to the new socket",
                    () -> second.texts.contains("{\"type\":\"end-call\"}"));
            gw.awaitIdle();
            report("disconnect-reconnect", "second socket " + backMs + " ms after the loss; record reconnects="
                    + r.agent().reconnects() + " errors=" + r.agent().errors());
        }
    }

    @Test
    void vapiStatusUpdateEndedSendsByeWithReason() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            s.sendText("{\"type\":\"status-update\",\"status\":\"ended\",\"endedReason\":\"assistant-ended-call\"}");

            SipMsg bye = awaitBye(uac);
            String reason = bye.header("Reason");
            assertNotNull(reason, "BYE without Reason");
            assertTrue(reason.startsWith("SIP") && reason.contains("cause=200") && reason.contains("agent hung up"),
                    reason);
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_HANGUP, r.endReason());
            assertEquals(EndedBy.AGENT, r.endedBy());
            Await.until(WAIT, "the Vapi socket closed", () -> !s.channel.isActive());
            assertFalse(s.texts.contains("{\"type\":\"end-call\"}"), "no end-call to an agent that ended the call");
            gw.awaitIdle();
            report("status-ended", "BYE Reason: " + reason);
        }
    }

    @Test
    void twilioFormatAgentClosingNormallyHangsUpWithBye() throws Exception {
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.twilioStream(agent.uri()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            Await.until(WAIT, "caller audio at the agent", () -> StreamView.events(s, "media").size() >= 10);
            // How Pipecat-style bots end a call: a normal close of the stream.
            s.channel.writeAndFlush(new CloseWebSocketFrame(1000, null));

            SipMsg bye = awaitBye(uac);
            assertTrue(bye.header("Reason").contains("agent hung up"), bye.header("Reason"));
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_HANGUP, r.endReason());
            Await.until(WAIT, "the stream closed", () -> !s.channel.isActive());
            assertEquals(List.of(1000), s.closeCodes, "the gateway answers the close");
            assertTrue(StreamView.events(s, "stop").isEmpty(), "no stop to an agent that hung up");
            assertEquals(List.of(), s.violations());
            gw.awaitIdle();
            report("twilio-close", "BYE Reason: " + bye.header("Reason"));
        }
    }

    @Test
    void vapiThatStopsReadingIsGivenUpAfterTheStallTimeout() throws Exception {
        Duration stall = Duration.ofMillis(500);
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.stallTimeout(stall).vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            InetSocketAddress gatewayRtp = establish(uac, caller);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            long stoppedAt = System.nanoTime();
            s.channel.config().setAutoRead(false);
            // Forty times real time (1.3 MB/s of PCM16 toward Vapi), so that the kernel's socket buffers between the
            // gateway and Vapi (several MB on loopback) fill within seconds.
            caller.start(gatewayRtp, true, 40);

            Await.until(Duration.ofSeconds(20), "BYE from the gateway",
                    () -> !uac.all(m -> !m.isResponse() && "BYE".equals(m.method())).isEmpty());
            SipMsg bye = awaitBye(uac);
            long byeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_DISCONNECTED, r.endReason());
            assertTrue(byeMs >= stall.toMillis(), "BYE " + byeMs + " ms after the agent stopped reading");
            s.channel.config().setAutoRead(true); // lets the fake see the connection go
            Await.until(WAIT, "the Vapi socket closed", () -> !s.channel.isActive());
            gw.awaitIdle();
            report("stall", "BYE " + byeMs + " ms after Vapi stopped reading (stall timeout " + stall.toMillis()
                    + " ms, caller sent " + caller.audioPacketsSent() + " packets, Vapi got " + s.audio().length
                    + " bytes); Reason: " + bye.header("Reason"));
        }
    }

    @Test
    void invalidJsonFromVapiClosesWith1007AndSendsBye() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            s.sendText("{\"type\": \"speech-update\", \"status\": ");

            awaitBye(uac);
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_PROTOCOL_ERROR, r.endReason());
            Await.until(WAIT, "a close frame at Vapi", () -> !s.closeCodes.isEmpty());
            assertEquals(1007, s.closeCodes.get(0));
            Await.until(WAIT, "the Vapi socket closed", () -> !s.channel.isActive());
            gw.awaitIdle();
            report("invalid-json", "close " + s.closeCodes + ", record " + r.endReason());
        }
    }

    @Test
    void oversizedFrameFromTwilioFormatAgentClosesWith1009AndSendsBye() throws Exception {
        int maxFrame = 64 * 1024;
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.maxFrameBytes(maxFrame)
                        .twilioStream(agent.uri()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            caller.start(establish(uac, caller), true);
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            // 10 s of audio in one message: 106 kB of JSON, beyond the 64 KiB limit.
            s.sendText(media(s, TestAudio.ulawTone(TONE_HZ, TONE_DBFS, 10_000)));

            awaitBye(uac);
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_PROTOCOL_ERROR, r.endReason());
            Await.until(WAIT, "a close frame at the agent", () -> !s.closeCodes.isEmpty());
            assertEquals(1009, s.closeCodes.get(0));
            Await.until(WAIT, "the stream closed", () -> !s.channel.isActive());
            assertEquals(0, caller.audibleCount(), "none of the oversized message was played");
            gw.awaitIdle();
            report("oversized", "close " + s.closeCodes + ", record " + r.endReason());
        }
    }

    // ---- 4. barge-in, measured at the caller's RTP socket -------------------------------------------------------

    @Test
    void twilioClearStopsAgentAudioWithinThePacketAfterIt() throws Exception {
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.twilioStream(agent.uri()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            establish(uac, caller);
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            Await.until(WAIT, "the pacer's silence at the caller", () -> caller.received().size() >= 5);

            List<String> burst = new ArrayList<>();
            for (byte[] frame : frames(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, 3000), 160)) {
                burst.add(media(s, frame));
            }
            BargeIn b = bargeIn(caller, s.channel, burst.stream().map(TextWebSocketFrame::new).toList(),
                    new TextWebSocketFrame("{\"event\":\"clear\",\"streamSid\":\"" + s.streamSid() + "\"}"));

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(1, r.bargeIns());
            assertEquals(List.of(), s.violations());
            report("barge-in-twilio", b.describe());
        }
    }

    @Test
    void vapiUserInterruptedStopsAgentAudioWithinThePacketAfterIt() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.vapi(vapi.baseUrl()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            establish(uac, caller);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            Await.until(WAIT, "the pacer's silence at the caller", () -> caller.received().size() >= 5);

            // Vapi's bursts are neither paced nor aligned to 20 ms.
            List<Object> burst = new ArrayList<>();
            for (byte[] piece : frames(TestAudio.pcm16Tone(TONE_HZ, TONE_DBFS, 3000), 13_000)) {
                burst.add(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(piece)));
            }
            BargeIn b = bargeIn(caller, s.channel, burst,
                    new TextWebSocketFrame("{\"type\":\"user-interrupted\"}"));

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(1, r.bargeIns());
            report("barge-in-vapi", b.describe());
        }
    }

    /**
     * Sends {@code burst} (3 s of tone) in one go, lets about 500 ms of it play, then sends {@code clear}; returns
     * what the caller heard around the clear after checking that no stale audio followed it.
     */
    /**
     * The record of SIPp's Twilio call ({@code Sipp.twilioCall}), checked for what every agent must give it: the
     * caller hung up after 200 OK, digits 42#, audio both ways and the agent's audio played.
     */
    private static CallRecord completedTwilioCall(RunningGateway gw, String agentKind) {
        CallRecord r = onlyRecord(gw);
        assertEquals(EndReason.CALLER_HANGUP, r.endReason());
        assertEquals(200, r.finalStatus());
        assertEquals(agentKind, r.agentKind());
        assertEquals("42#", r.dtmfDigits());
        assertTrue(r.inbound().packets() >= 100, "caller RTP received: " + r.inbound());
        assertTrue(r.outbound().packets() >= 150, "RTP sent to the caller: " + r.outbound());
        assertTrue(r.agent().firstAudioMs() >= 0, "the echo was played to the caller: " + r.agent());
        return r;
    }

    private static BargeIn bargeIn(CallerRtp caller, Channel agent, List<?> burst, Object clear) {
        for (Object frame : burst) {
            agent.write(frame);
        }
        agent.flush();
        Await.until(WAIT, "500 ms of the burst at the caller", () -> caller.audibleCount() >= 25);
        AtomicLong cleared = new AtomicLong();
        agent.writeAndFlush(clear).addListener(f -> cleared.set(System.nanoTime()));
        Await.until(WAIT, "the clear written", () -> cleared.get() != 0);
        Await.until(WAIT, "300 ms of packets after the clear", () -> caller.received().stream()
                .filter(p -> p.arrivalNanos() > cleared.get()).count() >= 15);

        BargeIn b = BargeIn.measure(caller.received(), cleared.get());
        assertEquals(0, b.stale(), "stale agent audio after the clear: " + b.describe());
        assertTrue(b.toneBefore() >= 25 && b.toneBefore() + b.toneAfter() < 100, "most of the burst was dropped: "
                + b.describe());
        assertTrue(b.firstSilenceMs() >= 0, "silence after the clear: " + b.describe());
        return b;
    }

    // ---- 5. marks -------------------------------------------------------------------------------------------

    @Test
    void marksAreEchoedInOrderAfterTheirAudioAndAtOnceWhenCleared() throws Exception {
        int aMillis = 1000;
        int bMillis = 2000;
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = AgentGateway.start(Agent.DEFAULTS.twilioStream(agent.uri()));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            establish(uac, caller);
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            StreamView.Tap tap = StreamView.tap(s);

            List<String> script = new ArrayList<>();
            frames(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, aMillis), 160).forEach(f -> script.add(media(s, f)));
            script.add(mark(s, "m1"));
            frames(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, bMillis), 160).forEach(f -> script.add(media(s, f)));
            script.add(mark(s, "m2"));
            long queuedAt = System.nanoTime();
            for (String m : script) {
                s.channel.write(new TextWebSocketFrame(m));
            }
            s.channel.flush();

            StreamView.Timed m1 = Await.value(WAIT, "mark m1 echoed", () -> tap.find("mark", "m1"));
            double m1Ms = (m1.nanos() - queuedAt) / 1e6;
            assertNull(tap.find("mark", "m2"), "m2 echoed with m1");
            // m1 waits for A's 50 packets: the first may leave up to one period early relative to the write.
            assertTrue(m1Ms >= aMillis - 60, "m1 echoed " + m1Ms + " ms after A was queued");
            assertTrue(m1Ms < aMillis + 1500, "m1 echoed " + m1Ms + " ms after A was queued");

            long clearAt = System.nanoTime();
            s.sendClear();
            StreamView.Timed m2 = Await.value(WAIT, "mark m2 echoed", () -> tap.find("mark", "m2"));
            double m2Ms = (m2.nanos() - clearAt) / 1e6;
            assertTrue(m2.nanos() > clearAt, "m2 echoed before the clear");
            assertTrue(m2Ms < bMillis / 4.0, "m2 echoed " + m2Ms + " ms after the clear: B was not dropped");

            List<String> names = StreamView.events(s, "mark").stream()
                    .map(m -> m.path("mark").path("name").asText()).toList();
            assertEquals(List.of("m1", "m2"), names, "echo order");
            assertEquals(List.of(), s.violations());
            long audible = caller.audibleCount();
            assertTrue(audible >= aMillis / 20 && audible < (aMillis + bMillis) / 20 - 25,
                    audible + " audible packets: A, then part of B");

            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(1, gw.awaitRecord(uac.callId()).bargeIns());
            report("marks", String.format(Locale.ROOT, "m1 echoed %.1f ms after A (%d ms) was queued; m2 echoed "
                    + "%.1f ms after the clear (B: %d ms); caller heard %d audio packets", m1Ms, aMillis, m2Ms,
                    bMillis, audible));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** INVITE with Twilio's headers, 180, 200, ACK; returns the gateway's RTP address from the answer. */
    private static InetSocketAddress establish(TestUac uac, CallerRtp caller) throws IOException {
        invite(uac, caller.port());
        uac.awaitResponse(180, "INVITE");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        return Sdp.audioAddress(ok.body());
    }

    private static void invite(TestUac uac, int rtpPort) throws IOException {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        uac.inviteSdp(Sdp.pcmuOffer(rtpPort), "X-Twilio-CallSid: " + callSid,
                "X-Twilio-AccountSid: " + ACCOUNT_SID, TENANT_HEADER);
    }

    /**
     * One call that the agent side fails before answer: the final response, its ACK, one record with
     * {@code reason}, nothing left active. Returns the final response.
     */
    private static SipMsg failedCall(RunningGateway gw, TestUac uac, int status, EndReason reason, List<String> figures,
            String label) throws IOException {
        uac.newCall();
        long sent = System.nanoTime();
        invite(uac, FreePorts.udp());
        SipMsg response = uac.awaitResponse(status, "INVITE");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        UacSteps.ackFailure(uac);
        CallRecord r = gw.awaitRecord(uac.callId());
        assertEquals(reason, r.endReason(), label);
        assertEquals(status, r.finalStatus(), label);
        assertNull(r.answeredAt(), label);
        assertTrue(uac.all(m -> m.isResponse() && m.status() == 200 && "INVITE".equals(m.cseqMethod())).isEmpty(),
                label + ": never answered");
        gw.awaitIdle();
        assertEquals(0, gw.gateway().bridge().activeCalls());
        String retryAfter = response.header("Retry-After");
        figures.add(label + " -> " + status + " in " + ms + " ms"
                + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")"));
        return response;
    }

    /** Drops the agent's connection without a close frame, with a TCP reset, as a crashed agent would. */
    private static void crash(Channel agent) {
        agent.config().setOption(ChannelOption.SO_LINGER, 0);
        // Past the pipeline: the fake's WebSocket handler would otherwise send a normal close frame first.
        agent.eventLoop().execute(() -> agent.unsafe().close(agent.unsafe().voidPromise()));
    }

    /** Waits for the gateway's BYE and answers it. */
    private static SipMsg awaitBye(TestUac uac) throws IOException {
        SipMsg bye = uac.awaitRequest("BYE");
        uac.respond(bye, 200, "OK");
        return bye;
    }

    private static CallRecord onlyRecord(RunningGateway gw) {
        CallRecord r = Await.value(WAIT, "the call record", () -> gw.records().isEmpty() ? null : gw.records().get(0));
        gw.awaitIdle();
        assertEquals(1, gw.records().size(), "one record");
        return r;
    }

    /** {@code data} cut into pieces of {@code size} bytes (the last may be shorter). */
    private static List<byte[]> frames(byte[] data, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int off = 0; off < data.length; off += size) {
            pieces.add(Arrays.copyOfRange(data, off, Math.min(data.length, off + size)));
        }
        return pieces;
    }

    /** A Twilio {@code media} message as agents send it: only streamSid and the payload. */
    private static String media(FakeTwilioAgent.Stream s, byte[] ulaw) {
        return "{\"event\":\"media\",\"streamSid\":\"" + s.streamSid() + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(ulaw) + "\"}}";
    }

    private static String mark(FakeTwilioAgent.Stream s, String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + s.streamSid() + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    private static void report(String test, String figures) {
        System.out.println("[AgentProtocolsIT] " + test + ": " + figures);
    }
}
