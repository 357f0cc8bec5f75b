package io.trunkline.server.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.config.GatewayConfig;
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
import io.trunkline.ws.twiml.TwimlConfig;
import io.trunkline.ws.twiml.TwimlServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Calls resource subset against live TwiML calls: list, fetch, authentication, hang-up and new TwiML. */
class CallsResourceIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ENDED_BY_GATEWAY = Path.of("src", "test", "resources", "twiml", "ended-by-gateway.xml")
            .toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @Test
    void listFetchAuthenticateAndEndCalls() throws Exception {
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                TwimlServer app = new TwimlServer();
                RunningGateway gw = TwimlGateway.start(TwimlGateway.config(app.url("/voice"), "",
                        Duration.ofSeconds(2), 503, ""))) {
            app.twiml("/voice", "<Response><Connect><Stream url=\"" + agent.uri() + "\"/></Connect></Response>");
            String base = "http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/2010-04-01/Accounts/"
                    + TwimlGateway.ACCOUNT;
            String good = basic(TwimlGateway.ACCOUNT, TwimlGateway.TOKEN);

            try (CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
                String sid = answeredCall(app, uac, caller, 1);

                HttpResponse<String> list = get(base + "/Calls.json", good);
                assertEquals(200, list.statusCode(), list.body());
                JsonNode calls = JSON.readTree(list.body()).path("calls");
                assertEquals(sid, calls.get(0).path("sid").asText(), list.body());
                assertEquals("in-progress", calls.get(0).path("status").asText());
                assertEquals("inbound", calls.get(0).path("direction").asText());
                assertEquals(TwimlGateway.ACCOUNT, calls.get(0).path("account_sid").asText());

                HttpResponse<String> one = get(base + "/Calls/" + sid + ".json", good);
                assertEquals(200, one.statusCode(), one.body());
                JsonNode call = JSON.readTree(one.body());
                assertEquals(sid, call.path("sid").asText());
                assertEquals("/2010-04-01/Accounts/" + TwimlGateway.ACCOUNT + "/Calls/" + sid + ".json",
                        call.path("uri").asText());
                assertNotNull(call.path("start_time").textValue());
                assertTrue(call.path("end_time").isNull());

                for (String wrong : new String[] {basic(TwimlGateway.ACCOUNT, "not-the-token"),
                        basic("AC" + "00".repeat(16), TwimlGateway.TOKEN), null}) {
                    HttpResponse<String> denied = get(base + "/Calls.json", wrong);
                    assertEquals(401, denied.statusCode());
                    JsonNode error = JSON.readTree(denied.body());
                    assertEquals(20003, error.path("code").asInt());
                    assertEquals("Authenticate", error.path("message").asText());
                    assertEquals(401, error.path("status").asInt());
                    assertTrue(error.path("more_info").asText().startsWith("https://www.twilio.com/docs/errors/"));
                }
                assertEquals(404, get(base + "/Calls/CA" + "00".repeat(16) + ".json", good).statusCode());

                HttpResponse<String> bad = post(base + "/Calls/" + sid + ".json", good, "Twiml", "<Response><Dial>");
                assertEquals(400, bad.statusCode(), bad.body());
                assertEquals(12100, JSON.readTree(bad.body()).path("code").asInt());

                HttpResponse<String> end = post(base + "/Calls/" + sid + ".json", good, "Status", "completed");
                assertEquals(200, end.statusCode(), end.body());
                SipMsg bye = uac.awaitRequest("BYE");
                uac.respond(bye, 200, "OK");
                gw.awaitRecord(uac.callId());
                Await.until(WAIT, "the call listed as completed", () -> status(base + "/Calls/" + sid + ".json", good)
                        .equals("completed"));
                JsonNode ended = JSON.readTree(get(base + "/Calls/" + sid + ".json", good).body());
                assertNotNull(ended.path("end_time").textValue());
                assertTrue(ended.path("duration").asInt() >= 0);
            }

            try (CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
                String sid = answeredCall(app, uac, caller, 2);
                HttpResponse<String> hangup = post(base + "/Calls/" + sid + ".json", good, "Twiml",
                        "<Response><Hangup/></Response>");
                assertEquals(200, hangup.statusCode(), hangup.body());
                SipMsg bye = uac.awaitRequest("BYE");
                uac.respond(bye, 200, "OK");
                gw.awaitRecord(uac.callId());
                assertEquals(2, JSON.readTree(get(base + "/Calls.json", good).body()).path("calls").size(),
                        "recent calls stay listed");
            }

            try (CallerRtp caller = new CallerRtp(); TestUac uac = gw.uac()) {
                String sid = answeredCall(app, uac, caller, 3);
                HttpResponse<String> dial = post(base + "/Calls/" + sid + ".json", good, "Twiml",
                        "<Response><Dial><Number>+15550001111</Number></Dial></Response>");
                assertEquals(200, dial.statusCode(), dial.body());
                // The <Dial> is a transfer: the caller's side gets a REFER to the number.
                SipMsg refer = uac.awaitRequest("REFER");
                assertTrue(refer.header("Refer-To").contains("+15550001111"), refer.header("Refer-To"));
                uac.respond(refer, 202, "Accepted");
                uac.bye(); // the carrier's side of a blind transfer: it leaves the gateway's dialog
                gw.awaitRecord(uac.callId());
                gw.awaitIdle();
            }
        }
    }

    @Test
    void statusCompletedEndsACallWithAByeThatSippSees(@TempDir Path dir) throws Exception {
        Sipp.requireInstalled();
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 1000, -12, 1000);
        try (FakeTwilioAgent agent = new FakeTwilioAgent(agentLoops.group(), Transport.NIO);
                TwimlServer app = new TwimlServer();
                RunningGateway gw = TwimlGateway.start(TwimlGateway.config(app.url("/voice"), "",
                        Duration.ofSeconds(2), 503, ""))) {
            app.twiml("/voice", "<Response><Connect><Stream url=\"" + agent.uri() + "\"/></Connect></Response>");
            String call = "http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/2010-04-01/Accounts/"
                    + TwimlGateway.ACCOUNT + "/Calls/";
            String good = basic(TwimlGateway.ACCOUNT, TwimlGateway.TOKEN);
            Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), ENDED_BY_GATEWAY, 40, "-s", "+15083728299", "-m", "1");
            String sid = app.await("/voice", 1, WAIT).get(0).params().get("CallSid");
            Await.until(WAIT, "the call in progress", () -> status(call + sid + ".json", good).equals("in-progress"));
            assertEquals(200, post(call + sid + ".json", good, "Status", "completed").statusCode());
            Sipp.Result result = sipp.await(60);
            assertEquals(0, result.exitCode(), result.describe());
            Await.until(WAIT, "the call completed", () -> status(call + sid + ".json", good).equals("completed"));
            gw.awaitIdle();
        }
    }

    @Test
    void withoutAnAuthTokenTheCallsResourceIsNotServed() throws Exception {
        try (TwimlServer app = new TwimlServer();
                RunningGateway gw = RunningGateway.start(unsigned(app), Map.of())) {
            HttpResponse<String> r = get("http://127.0.0.1:" + gw.gateway().metricsAddress().getPort()
                    + "/2010-04-01/Accounts/" + TwimlGateway.ACCOUNT + "/Calls.json",
                    basic(TwimlGateway.ACCOUNT, ""));
            assertEquals(404, r.statusCode(), "no credentials to check: no resource");
        }
    }

    /** A TwiML gateway configured without an auth token. */
    private static GatewayConfig unsigned(TwimlServer app) throws Exception {
        TwimlConfig twiml = new TwimlConfig(app.url("/voice"), "POST", "", Duration.ofSeconds(2), "",
                TwimlGateway.ACCOUNT, 503, "", "POST", List.of(), Duration.ofSeconds(20));
        return TwimlGateway.config(twiml);
    }

    /** Places a call that the TwiML answers; returns its call SID as the application saw it. */
    private static String answeredCall(TwimlServer app, TestUac uac, CallerRtp caller, int nth) throws Exception {
        uac.inviteSdp(Sdp.pcmuOffer(caller.port()));
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        InetSocketAddress gatewayRtp = Sdp.audioAddress(ok.body());
        caller.start(gatewayRtp, true);
        return app.await("/voice", nth, WAIT).get(nth - 1).params().get("CallSid");
    }

    private static String status(String url, String auth) {
        try {
            return JSON.readTree(get(url, auth).body()).path("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String auth, String name, String value) throws Exception {
        String form = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
