package io.trunkline.server.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.ws.Transport;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import io.trunkline.ws.twiml.TwilioHelperLibrary;
import io.trunkline.ws.twiml.TwimlServer;
import io.trunkline.ws.vapi.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent.kind: twiml} end to end: a test application answers the gateway's voice-URL requests (checked with
 * Twilio's own helper library) in TwiML, and the gateway carries it out on the SIP call.
 */
class TwimlCallIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Path REFER_COMPLETED = Path.of("src", "test", "resources", "transfer", "refer-completed.xml")
            .toAbsolutePath();

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @TempDir
    Path dir;

    @Test
    void connectStreamReachesTheTwilioAgentWithItsParametersAndAudioFlowsBothWays() throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 1000, -12, 3000);
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                TwimlServer app = new TwimlServer();
                RunningGateway gw = TwimlGateway.start(TwimlGateway.config(app.url("/voice"), "", TIMEOUT, 503,
                        app.url("/status")))) {
            app.twiml("/voice", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
                    + "<Stream url=\"" + agent.uri() + "\"><Parameter name=\"tenant\" value=\"acme\"/>"
                    + "<Parameter name=\"greeting\" value=\"{hello}\"/></Stream></Connect></Response>");
            app.twiml("/status", "");

            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());

            // The voice URL was asked as Twilio asks it, and Twilio's helper library accepts the signature.
            TwimlServer.Request voice = app.requestsTo("/voice").get(0);
            Map<String, String> p = voice.params();
            assertTrue(p.get("CallSid").matches("CA1f0e1d2c3b4a5968778695a4b3c2d1e"), p.toString());
            assertEquals("AC0123456789abcdef0123456789abcdef", p.get("AccountSid"));
            assertEquals("+15083084809", p.get("From"));
            assertEquals("+15083084809", p.get("Caller"));
            assertEquals("+15083728299", p.get("To"));
            assertEquals("+15083728299", p.get("Called"));
            assertEquals("ringing", p.get("CallStatus"));
            assertEquals("inbound", p.get("Direction"));
            assertEquals("2010-04-01", p.get("ApiVersion"));
            assertEquals("acme", p.get("SipHeader_X-Tenant"));
            assertTrue(TwilioHelperLibrary.validateRequest(TwimlGateway.TOKEN, voice.header("X-Twilio-Signature"),
                    voice.url(), p), "Twilio's helper library accepts the voice request");

            // The stream got the TwiML's parameters, and the SIDs the application saw.
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            JsonNode start = s.start();
            assertEquals(Map.of("tenant", "acme", "greeting", "{hello}"),
                    new com.fasterxml.jackson.databind.ObjectMapper().convertValue(start.path("customParameters"),
                            Map.class));
            assertEquals(p.get("CallSid"), start.path("callSid").asText());
            assertEquals(p.get("AccountSid"), start.path("accountSid").asText());
            assertEquals(List.of(), s.violations(), "Twilio Media Streams format");
            assertTrue(TwilioHelperLibrary.validateRequest(TwimlGateway.TOKEN,
                    s.requestHeaders.get("X-Twilio-Signature"), agent.uri().toString(), Map.of()),
                    "the stream's upgrade is signed as Twilio signs it");

            CallRecord r = Await.value(WAIT, "the call record", () -> gw.records().isEmpty() ? null
                    : gw.records().get(0));
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(200, r.finalStatus());
            assertEquals("twiml", r.agentKind());
            assertTrue(r.agent().firstAudioMs() >= 0, "the agent's echo reached the caller: " + r.agent());
            assertTrue(r.outbound().packets() >= 100, "RTP sent to the caller: " + r.outbound());
            assertTrue(StreamEvents.count(s, "media") >= 50, "caller audio reached the agent");

            // Status callbacks: initiated, ringing, answered, completed, numbered in order (each goes out on its own
            // connection, so they may arrive out of order, as Twilio's may: SequenceNumber orders them), signed.
            List<TwimlServer.Request> events = app.await("/status", 4, WAIT).stream()
                    .sorted(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.params().get("SequenceNumber"))))
                    .toList();
            assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
                    events.stream().map(e -> e.params().get("CallStatus")).toList());
            for (int i = 0; i < 4; i++) {
                TwimlServer.Request e = events.get(i);
                assertEquals(String.valueOf(i), e.params().get("SequenceNumber"));
                assertEquals(p.get("CallSid"), e.params().get("CallSid"));
                ZonedDateTime.parse(e.params().get("Timestamp"), DateTimeFormatter.RFC_1123_DATE_TIME);
                assertTrue(TwilioHelperLibrary.validateRequest(TwimlGateway.TOKEN, e.header("X-Twilio-Signature"),
                        e.url(), e.params()), "signed: " + e.params());
            }
            assertNull(events.get(2).params().get("CallDuration"));
            assertTrue(Integer.parseInt(events.get(3).params().get("CallDuration")) >= 1, events.get(3).params()
                    .toString());
        }
    }

    @Test
    void rejectRefusesBeforeAnswer() throws Exception {
        try (TwimlServer app = new TwimlServer(); RunningGateway gw = start(app, "", 480)) {
            app.twiml("/voice", "<Response><Reject reason=\"busy\"/></Response>");
            assertEquals(486, finalStatus(gw));
            app.twiml("/voice", "<Response><Reject/></Response>");
            assertEquals(603, finalStatus(gw));
            List<TwimlServer.Request> events = app.await("/status", 4, WAIT);
            assertTrue(events.stream().anyMatch(e -> "busy".equals(e.params().get("CallStatus"))),
                    "the busy call completed as busy");
        }
    }

    @Test
    void hangupAnswersThenHangsUp() throws Exception {
        try (TwimlServer app = new TwimlServer(); RunningGateway gw = start(app, "", 480);
                CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
            app.twiml("/voice", "<Response><Hangup/></Response>");
            uac.inviteSdp(Sdp.pcmuOffer(caller.port()));
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            SipMsg bye = uac.awaitRequest("BYE");
            uac.respond(bye, 200, "OK");
            assertEquals(EndReason.AGENT_HANGUP, gw.awaitRecord(uac.callId()).endReason());
        }
    }

    @Test
    void redirectFetchesTheNextTwimlAndAPauseKeepsTheCallRinging() throws Exception {
        try (TwimlServer app = new TwimlServer(); RunningGateway gw = start(app, "", 480)) {
            app.twiml("/voice", "<Response><Redirect method=\"GET\">/next?step=2</Redirect></Response>");
            app.twiml("/next", "<Response><Pause length=\"1\"/><Reject reason=\"busy\"/></Response>");
            long start = System.nanoTime();
            assertEquals(486, finalStatus(gw));
            assertTrue(System.nanoTime() - start >= 900_000_000L, "the pause was kept");
            TwimlServer.Request next = app.requestsTo("/next").get(0);
            assertEquals("GET", next.method());
            assertEquals("2", next.params().get("step"));
            assertEquals(app.requestsTo("/voice").get(0).params().get("CallSid"), next.params().get("CallSid"));
            assertTrue(TwilioHelperLibrary.validateRequest(TwimlGateway.TOKEN, next.header("X-Twilio-Signature"),
                    next.url(), Map.of()), "the redirect's GET is signed");
        }
    }

    @Test
    void unknownVerbsAreSkippedWithAWarning() throws Exception {
        try (TwimlServer app = new TwimlServer(); LogCapture logs = LogCapture.open();
                RunningGateway gw = start(app, "", 480)) {
            app.twiml("/voice", "<Response><Say>Hello</Say><Gather/><Reject reason=\"busy\"/></Response>");
            assertEquals(486, finalStatus(gw));
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("skipped TwiML") && l.contains("Say")),
                    "a warning names the skipped verbs");
        }
    }

    @Test
    void malformedTwimlFallsBackThenGetsTheConfiguredResponse() throws Exception {
        try (TwimlServer app = new TwimlServer(); LogCapture logs = LogCapture.open();
                RunningGateway gw = start(app, app.url("/fallback"), 480)) {
            app.twiml("/voice", "<Response><Connect>");
            app.twiml("/fallback", "<Response><Reject reason=\"busy\"/></Response>");
            assertEquals(486, finalStatus(gw), "the fallback's TwiML");
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("malformed TwiML")), "a clear log line");
            app.twiml("/fallback", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Response/>");
            assertEquals(480, finalStatus(gw), "neither gives usable TwiML: the configured response");
        }
    }

    @Test
    void requestsForTwimlAndStatusCallbacksAreCountedOnMetrics() throws Exception {
        try (TwimlServer app = new TwimlServer(); RunningGateway gw = start(app, app.url("/fallback"), 480)) {
            String before = scrape(gw);
            assertEquals(0.0, sample(before, requests("redirect", "refused-address")), "registered at zero");
            assertEquals(0.0, sample(before, requests("voice", "ok")), "registered at zero");
            assertEquals(0.0, sample(before, callbacks("refused-address")), "registered at zero");

            app.twiml("/voice", "<Response><Connect>");
            app.twiml("/fallback", "<Response><Reject reason=\"busy\"/></Response>");
            assertEquals(486, finalStatus(gw));
            app.route("/voice", r -> new TwimlServer.Answer(500, "", 0));
            assertEquals(486, finalStatus(gw));
            app.twiml("/voice", "<Response><Reject reason=\"busy\"/></Response>");
            assertEquals(486, finalStatus(gw));

            // Each call reports initiated, ringing and busy; every event goes out on its own.
            app.await("/status", 9, WAIT);
            Await.until(WAIT, "9 status callbacks counted delivered",
                    () -> sample(scrape(gw), callbacks("delivered")) == 9.0);
            String after = scrape(gw);
            assertEquals(1.0, sample(after, requests("voice", "malformed")));
            assertEquals(1.0, sample(after, requests("voice", "http-error")));
            assertEquals(1.0, sample(after, requests("voice", "ok")));
            assertEquals(2.0, sample(after, requests("fallback", "ok")), "asked after each unusable answer");
            assertEquals(0.0, sample(after, requests("voice", "timeout")));
            assertEquals(0.0, sample(after, callbacks("failed")));
        }
    }

    @Test
    void aSlowVoiceUrlTimesOutToTheFallback() throws Exception {
        try (TwimlServer app = new TwimlServer(); RunningGateway gw = start(app, app.url("/fallback"), 480)) {
            app.route("/voice", r -> new TwimlServer.Answer(200, "<Response><Hangup/></Response>", 5000));
            app.twiml("/fallback", "<Response><Reject reason=\"busy\"/></Response>");
            long start = System.nanoTime();
            assertEquals(486, finalStatus(gw));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= TIMEOUT.toMillis() && millis < 4500, "fell back after the timeout: " + millis);
        }
    }

    @Test
    void dialHandsTheCallerOverWithAReferThatSippFollows() throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Dial><Number>+15550009999</Number></Dial></Response>");
            app.twiml("/status", "");
            GatewayConfig config = TwimlGateway.config(TwimlGateway.config(app.url("/voice"), "", TIMEOUT, 480, ""))
                    .withTransfer(new TransferConfig(TransferMode.REFER, "tel:{number}", "sip:ai-gateway@example.com",
                            Duration.ofSeconds(3), false));
            try (RunningGateway gw = RunningGateway.start(config, Map.of(TwimlGateway.TOKEN_ENV, TwimlGateway.TOKEN))) {
                // The carrier accepts the REFER (202), reports the target's progress in NOTIFYs, then gets BYE.
                Sipp.Result sipp = Sipp.run(dir, gw.sipPort(), REFER_COMPLETED, 40, "-s", "+15083728299", "-m", "1");
                assertEquals(0, sipp.exitCode(), sipp.describe());
                CallRecord r = Await.value(WAIT, "the record", () -> gw.records().isEmpty() ? null
                        : gw.records().get(0));
                assertEquals(EndReason.TRANSFERRED, r.endReason());
                assertEquals(200, r.finalStatus(), "answered first: a REFER needs the dialog");
            }
        }
    }

    @Test
    void dialIsRefusedCleanlyWhenTransfersAreUnavailable() throws Exception {
        try (TwimlServer app = new TwimlServer(); LogCapture logs = LogCapture.open()) {
            app.twiml("/voice", "<Response><Dial><Number>+15550001111</Number></Dial></Response>");
            app.twiml("/status", "");
            // Bridged transfers without outbound.trunk: the transfer port answers UNAVAILABLE.
            GatewayConfig config = TwimlGateway.config(TwimlGateway.config(app.url("/voice"), "", TIMEOUT, 480, ""))
                    .withTransfer(new TransferConfig(TransferMode.BRIDGE, "tel:{number}", "", Duration.ofSeconds(3),
                            false));
            try (RunningGateway gw = RunningGateway.start(config, Map.of(TwimlGateway.TOKEN_ENV, TwimlGateway.TOKEN))) {
                assertEquals(480, finalStatus(gw), "refused before answer with twiml.failure-response");
                assertTrue(logs.lines().stream().anyMatch(l -> l.contains("cannot carry out <Dial>")), "logged");
                assertEquals(EndReason.AGENT_REFUSED, gw.records().get(0).endReason());
            }
        }
    }

    @Test
    void aRouteMayBeTwimlWhileOtherCallsGoToTheDefaultAgent() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Reject reason=\"busy\"/></Response>");
            app.twiml("/status", "");
            GatewayConfig twimlOnly = TwimlGateway.config(TwimlGateway.config(app.url("/voice"), "", TIMEOUT, 480,
                    ""));
            GatewayConfig config = new GatewayConfig(twimlOnly.sip(), twimlOnly.rtp(), AgentConfig.DEFAULTS,
                    twimlOnly.calls(), twimlOnly.metrics(), twimlOnly.records(),
                    List.of(new AgentRoute(null, "X-Tenant", "acme", twimlOnly.agent())));
            try (RunningGateway gw = RunningGateway.start(config, Map.of(TwimlGateway.TOKEN_ENV, TwimlGateway.TOKEN))) {
                assertEquals(486, finalStatus(gw), "X-Tenant: acme takes the TwiML route");
                try (CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
                    uac.inviteSdp(Sdp.pcmuOffer(caller.port()));
                    uac.awaitResponse(200, "INVITE"); // the default (demo) agent answers the others
                    uac.ack(true);
                    uac.bye();
                    uac.awaitResponse(200, "BYE");
                }
                assertEquals(1, app.requestsTo("/voice").size());
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static RunningGateway start(TwimlServer app, String fallback, int failureResponse) throws Exception {
        app.twiml("/status", "");
        return TwimlGateway.start(TwimlGateway.config(app.url("/voice"), fallback, TIMEOUT, failureResponse,
                app.url("/status")));
    }

    private static String requests(String kind, String outcome) {
        return "gateway_twiml_requests_total{kind=\"" + kind + "\",outcome=\"" + outcome + "\"}";
    }

    private static String callbacks(String outcome) {
        return "gateway_twiml_status_callbacks_total{outcome=\"" + outcome + "\"}";
    }

    private static String scrape(RunningGateway gw) {
        URI uri = URI.create("http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/metrics");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no sample " + series);
        return Double.parseDouble(m.group(1));
    }

    /** Places one call and returns the final status of its INVITE (acknowledging and ending it if answered). */
    private static int finalStatus(RunningGateway gw) throws Exception {
        try (CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(caller.port()), "X-Tenant: acme");
            SipMsg last = uac.await("a final response", m -> m.isResponse() && m.status() >= 200);
            if (last.status() == 200) {
                uac.ack(true);
                uac.bye();
                uac.awaitResponse(200, "BYE");
            }
            CallRecord r = gw.awaitRecord(uac.callId());
            assertNotNull(r);
            assertFalse(r.finalStatus() == 0);
            return last.status();
        }
    }

    /** Counts a stream's messages of one event. */
    static final class StreamEvents {
        static long count(FakeTwilioAgent.Stream s, String event) {
            return s.messages().stream().filter(m -> event.equals(m.path("event").asText())).count();
        }
    }
}
