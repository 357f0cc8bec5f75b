package io.trunkline.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.ws.Transport;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import io.trunkline.ws.vapi.LogCapture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Twilio-format agent through a real gateway, end to end over SIP: the agent sends what Twilio only warns about
 * (as real agents do) and keeps its call; it gets {@code stop} whatever ends the call on the gateway's side; its
 * WebSocket upgrade is signed as Twilio signs it; and by default its {@code start} carries the numbers where
 * Pipecat's Twilio runner looks for them.
 */
class TwilioStreamToleranceIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN_ENV = "TRUNKLINE_TEST_TWILIO_AUTH_TOKEN";
    private static final String TOKEN = "f00dbabe0123456789abcdef01234567";
    private static final String IGNORED = "gateway.agent.messages.ignored";

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @TempDir
    Path dir;

    @Test
    void anAgentSendingWhatTwilioIgnoresKeepsItsCall() throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 1000, -12, 3000);
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                LogCapture logs = LogCapture.open();
                RunningGateway gw = start(agent(agent, null, TOKEN_ENV), calls(Duration.ofMinutes(5),
                        Duration.ofSeconds(5)), Duration.ofSeconds(30), Map.of(TOKEN_ENV, TOKEN))) {
            agent.onStart(s -> {
                // ElevenLabs' Twilio example sends this on the stream socket; the others are common mistakes.
                s.sendText("{\"type\":\"conversation_initiation_client_data\",\"dynamic_variables\":{}}");
                s.sendText("{\"event\":\"transcript\",\"streamSid\":\"" + s.streamSid() + "\",\"text\":\"hi\"}");
                s.sendText("{\"event\":\"media\",\"streamSid\":\"" + s.streamSid() + "\",\"media\":");
                s.sendText("{\"event\":\"clear\",\"streamSid\":\"MZ00000000000000000000000000000009\"}");
                s.sendBinary(new byte[160]);
            });

            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());

            CallRecord r = Await.value(WAIT, "the call record", () -> gw.records().isEmpty() ? null
                    : gw.records().get(0));
            assertEquals(EndReason.CALLER_HANGUP, r.endReason(), "the caller, not the agent, ended the call");
            assertEquals(200, r.finalStatus());
            assertEquals("42#", r.dtmfDigits());
            assertTrue(r.agent().firstAudioMs() >= 0, "the agent's echo was played: " + r.agent());
            assertTrue(r.outbound().packets() >= 150, "RTP sent to the caller: " + r.outbound());

            FakeTwilioAgent.Stream s = agent.streams.get(0);
            Await.until(WAIT, "the stop message", () -> !StreamView.events(s, "stop").isEmpty());
            Await.until(WAIT, "the stream closed", () -> !s.channel.isActive());
            assertEquals(List.of(1000), s.closeCodes, "closed normally after stop, never for the ignored messages");
            assertEquals(List.of(), s.violations(), "Twilio Media Streams format");
            String digits = StreamView.events(s, "dtmf").stream().map(m -> m.path("dtmf").path("digit").asText())
                    .collect(Collectors.joining());
            assertEquals("42#", digits, "key presses after the ignored messages still reach the agent");

            MeterRegistry registry = gw.gateway().registry();
            Map<String, Double> counts = Map.of("no_event", 1.0, "unknown_event", 1.0, "invalid_json", 1.0,
                    "wrong_stream", 1.0, "binary", 1.0, "invalid_field", 0.0);
            counts.forEach((reason, n) -> assertEquals(n, ignored(registry, reason), reason));
            assertTrue(gw.gateway().registry().scrape().contains(
                    "gateway_agent_messages_ignored_total{agent=\"twilio-stream\",reason=\"binary\"} 1.0"),
                    "exported to Prometheus");
            long warnings = logs.lines().stream().filter(l -> l.contains("ignored a message from the agent")).count();
            assertEquals(1, warnings, "logged once per stream");

            // By default the numbers, under the names Pipecat's Twilio runner reads, after the call's X- headers.
            JsonNode params = StreamView.start(s).path("customParameters");
            assertEquals(List.of("X-Tenant", "from_number", "to_number"), fieldNames(params), params.toString());
            assertEquals("+15083084809", params.path("from_number").asText());
            assertEquals("+15083728299", params.path("to_number").asText());

            // Signed as Twilio signs the stream URL: base64 HMAC-SHA1 of the URL, keyed with the auth token.
            assertEquals(hmacSha1Base64(TOKEN, agent.uri().toString()), s.requestHeaders.get("X-Twilio-Signature"));
            assertFalse(logs.contains(TOKEN), "the auth token never reaches the log");
            gw.awaitIdle();
            report("tolerance", String.format(Locale.ROOT, "5 ignored messages (%s), call ended by %s, digits %s, "
                    + "first agent audio %.1f ms, customParameters %s", counts.keySet().stream().sorted()
                    .map(k -> k + "=" + (long) ignored(registry, k)).collect(Collectors.joining(",")),
                    r.endReason(), r.dtmfDigits(), r.agent().firstAudioMs(), params));
        }
    }

    /** Gateway-side endings other than the caller's BYE. */
    enum Ending { MAX_DURATION, RTP_INACTIVITY, SHUTDOWN }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void theAgentGetsStopWhateverEndsTheCallOnTheGatewaysSide(Ending ending) throws Exception {
        Duration maxDuration = ending == Ending.MAX_DURATION ? Duration.ofMillis(1500) : Duration.ofMinutes(5);
        Duration inactivity = ending == Ending.RTP_INACTIVITY ? Duration.ofMillis(800) : Duration.ofSeconds(30);
        Map<String, String> placeholders = Map.of("caller", "{from}", "tenant", "{header:X-Tenant}",
                "sid", "{callSid}");
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                RunningGateway gw = start(agent(agent, placeholders, null), calls(maxDuration, Duration.ofMillis(200)),
                        inactivity, Map.of());
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
            uac.inviteSdp(Sdp.pcmuOffer(caller.port()), "X-Twilio-CallSid: " + callSid, "X-Tenant: acme");
            uac.awaitResponse(180, "INVITE");
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            InetSocketAddress gatewayRtp = Sdp.audioAddress(ok.body());
            caller.start(gatewayRtp, true);
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            Await.until(WAIT, "caller audio at the agent", () -> StreamView.events(s, "media").size() >= 10);
            JsonNode params = StreamView.start(s).path("customParameters");
            assertEquals(callSid, params.path("sid").asText(), params.toString());
            assertEquals("acme", params.path("tenant").asText(), params.toString());
            assertFalse(params.path("caller").asText().isEmpty(), params.toString());

            long endAt = System.nanoTime();
            switch (ending) {
                case RTP_INACTIVITY -> caller.stopSending();
                case SHUTDOWN -> gw.gateway().drainAndStop();
                default -> { }
            }

            SipMsg bye = uac.awaitRequest("BYE");
            uac.respond(bye, 200, "OK");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.valueOf(ending.name()), r.endReason());
            assertEquals(EndedBy.GATEWAY, r.endedBy());
            Await.until(WAIT, "the stream closed", () -> !s.channel.isActive());
            List<JsonNode> messages = StreamView.messages(s);
            JsonNode last = messages.get(messages.size() - 1);
            assertEquals("stop", last.path("event").asText(), "the last message: " + last);
            assertEquals(callSid, last.path("stop").path("callSid").asText());
            assertEquals(List.of(1000), s.closeCodes, "a normal close after stop");
            assertEquals(List.of(), s.violations(), "Twilio Media Streams format");
            report("stop-" + ending.name().toLowerCase(Locale.ROOT), String.format(Locale.ROOT,
                    "%s: stop then close %s, %d ms after the trigger; BYE Reason %s", r.endReason(), s.closeCodes,
                    (System.nanoTime() - endAt) / 1_000_000, bye.header("Reason")));
        }
    }

    @Test
    void anAuthTokenVariableThatIsNotSetStopsStartUp() {
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO)) {
            ConfigException e = assertThrows(ConfigException.class, () -> start(agent(agent, null, TOKEN_ENV),
                    calls(Duration.ofMinutes(5), Duration.ofSeconds(1)), Duration.ofSeconds(30), Map.of()).close());
            assertEquals("agent.twilio-auth-token-env", e.key());
            assertTrue(e.getMessage().contains(TOKEN_ENV), e.getMessage());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** {@code agent.kind: twilio-stream} at the fake; {@code params} null means the default custom parameters. */
    private static AgentConfig agent(FakeTwilioAgent agent, Map<String, String> params, String tokenEnv) {
        return new AgentConfig("twilio-stream", agent.uri().toString(), Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, params,
                List.of(), tokenEnv);
    }

    private static CallConfig calls(Duration maxDuration, Duration drainTimeout) {
        return new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), maxDuration, 5, drainTimeout,
                10_000);
    }

    private static RunningGateway start(AgentConfig agent, CallConfig calls, Duration rtpInactivity,
            Map<String, String> environment) throws Exception {
        int rtpBase = LoopbackConfig.randomRtpBase(46000, 2000);
        RtpConfig rtp = new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 199, true, rtpInactivity, 60_000, 2);
        GatewayConfig config = new GatewayConfig(LoopbackConfig.sip(FreePorts.udp(), "udp"), rtp, agent, calls,
                LoopbackConfig.metricsOff(), new RecordsConfig(""));
        return RunningGateway.start(config, environment);
    }

    private static double ignored(MeterRegistry registry, String reason) {
        Counter c = registry.find(IGNORED).tags("agent", "twilio-stream", "reason", reason).counter();
        return c == null ? -1 : c.count();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Twilio's signature of a GET, worked out here independently of the gateway's code. */
    private static String hmacSha1Base64(String key, String url) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(url.getBytes(StandardCharsets.UTF_8)));
    }

    private static void report(String test, String figures) {
        System.out.println("[TwilioStreamToleranceIT] " + test + ": " + figures);
    }
}
