package io.trunkline.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.config.VapiServerConfig;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.ws.Transport;
import io.trunkline.ws.vapi.FakeVapi;
import io.trunkline.ws.vapi.VapiConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways Vapi may ask for a transfer of a WebSocket-transport call, against the strict fake Vapi and SIPp as
 * Twilio: the {@code transfer-update} message on the call's socket, and {@code phone-call-control} POSTed to the
 * gateway's server-message endpoint ({@code X-Vapi-Secret} required, the call found by Vapi's call id;
 * {@code hang-up} through it ends the call). A transfer that fails is told to the assistant as an
 * {@code add-message}.
 */
class VapiTransferIT {
    private static final String KEY_ENV = "TRUNKLINE_TEST_VAPI_KEY";
    private static final String KEY = "sk-test-0123456789abcdef";
    private static final String SECRET_ENV = "TRUNKLINE_TEST_VAPI_SERVER_SECRET";
    private static final String SECRET = "vapi-server-secret-42";
    private static final String PATH = "/vapi/server";
    private static final Duration WAIT = ReferTransferSippIT.WAIT;
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "transfer").toAbsolutePath();
    private static final String TRANSFER_UPDATE = "{\"type\":\"transfer-update\",\"destination\":"
            + "{\"type\":\"number\",\"number\":\"" + ReferTransferSippIT.NUMBER + "\"}}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @TempDir
    Path dir;

    private static RunningGateway start(FakeVapi vapi) throws Exception {
        VapiConfig vapiConfig = new VapiConfig(vapi.baseUrl().toString(), KEY_ENV, "asst-transfer", "", "pcm_s16le",
                VapiConfig.DEFAULT_DTMF_MESSAGE, Duration.ofSeconds(3));
        AgentConfig agent = new AgentConfig("vapi", null, Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, Map.of(),
                List.of(vapiConfig));
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(40000, 1500), 100),
                agent,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5),
                new MetricsConfig("127.0.0.1", 0, true, 200),
                new RecordsConfig(""))
                .withTransfer(new TransferConfig(TransferMode.REFER, "tel:{number}", "sip:ai-gateway@example.com",
                        Duration.ofSeconds(3), false))
                .withVapiServer(new VapiServerConfig(PATH, SECRET_ENV));
        return RunningGateway.start(config, Map.of(KEY_ENV, KEY, SECRET_ENV, SECRET));
    }

    private Sipp.Running call(RunningGateway gw, String scenario) throws Exception {
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        return Sipp.start(dir, gw.sipPort(), SCENARIOS.resolve(scenario), 40, "-s", "+15083728299", "-m", "1",
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString());
    }

    /** The Vapi session of the call, once the caller's audio reaches it. */
    private static FakeVapi.Session hearing(FakeVapi vapi) {
        FakeVapi.Session s = vapi.awaitSession(WAIT);
        Await.until(WAIT, "caller audio at Vapi", () -> s.audio().length > 6400);
        return s;
    }

    private static HttpResponse<String> post(RunningGateway gw, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gw.gateway().metricsAddress().getPort() + PATH)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("X-Vapi-Secret", secret);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String phoneCallControl(String vapiCallId, String request) {
        return "{\"message\":{\"type\":\"phone-call-control\",\"request\":\"" + request + "\","
                + "\"destination\":{\"type\":\"number\",\"number\":\"" + ReferTransferSippIT.NUMBER + "\"},"
                + "\"call\":{\"id\":\"" + vapiCallId + "\"},\"timestamp\":1733400000000}}";
    }

    private static CallRecord finish(RunningGateway gw, Sipp.Running sipp) throws Exception {
        Sipp.Result result = sipp.await(60);
        assertEquals(0, result.exitCode(), result.describe());
        Await.until(WAIT, "the call's record", () -> gw.records().size() == 1);
        return gw.records().get(0);
    }

    @Test
    void transferUpdateOnTheSocketTransfersTheCall() throws Exception {
        Sipp.requireInstalled();
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, KEY); RunningGateway gw = start(vapi)) {
            Sipp.Running sipp = call(gw, "refer-completed.xml");
            FakeVapi.Session s = hearing(vapi);
            s.sendText(TRANSFER_UPDATE);
            CallRecord r = finish(gw, sipp);

            assertEquals(EndReason.TRANSFERRED, r.endReason());
            assertEquals(CallOutcome.TRANSFERRED, r.outcome());
            assertEquals("agent", r.transfer().trigger());
            assertEquals("transferred", r.transfer().outcome());
            Await.until(WAIT, "end-call to Vapi", () -> s.texts.contains("{\"type\":\"end-call\"}"));
        }
    }

    @Test
    void phoneCallControlForwardNeedsTheSecretAndTransfersTheCall() throws Exception {
        Sipp.requireInstalled();
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, KEY); RunningGateway gw = start(vapi)) {
            Sipp.Running sipp = call(gw, "refer-completed.xml");
            hearing(vapi);
            String vapiCallId = vapi.createdIds.get(0);
            String forward = phoneCallControl(vapiCallId, "forward");

            assertEquals(401, post(gw, null, forward).statusCode(), "no secret");
            assertEquals(401, post(gw, SECRET + "x", forward).statusCode(), "a wrong secret");
            assertEquals(404, post(gw, SECRET, phoneCallControl("not-a-call", "forward")).statusCode());
            assertEquals(200, post(gw, SECRET, "{\"message\":{\"type\":\"status-update\",\"status\":\"in-progress\"}}")
                    .statusCode(), "other server messages are acknowledged");
            assertEquals(1, gw.gateway().bridge().activeCalls(), "no refused request touched the call");
            HttpResponse<String> ok = post(gw, SECRET, forward);
            assertEquals(200, ok.statusCode(), ok.body());
            CallRecord r = finish(gw, sipp);

            assertEquals(EndReason.TRANSFERRED, r.endReason());
            assertEquals("vapi-server", r.transfer().trigger());
            assertEquals(vapiCallId, r.agentCallId());
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gw.gateway().metricsAddress().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("gateway_transfers_total{mode=\"refer\",outcome=\"transferred\"} 1.0"),
                    metrics);
        }
    }

    @Test
    void aFailedTransferIsToldToTheAssistantAndHangUpEndsTheCall() throws Exception {
        Sipp.requireInstalled();
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, KEY); RunningGateway gw = start(vapi)) {
            Sipp.Running sipp = call(gw, "refer-refused.xml");
            FakeVapi.Session s = hearing(vapi);
            s.sendText(TRANSFER_UPDATE);
            String told = Await.value(WAIT, "an add-message about the failed transfer", () -> s.texts.stream()
                    .filter(t -> t.contains("\"add-message\"") && t.contains("transfer")).findFirst().orElse(null));
            assertTrue(told.contains("403") && told.contains(ReferTransferSippIT.NUMBER), told);
            int heard = s.audio().length;
            Await.until(WAIT, "the caller heard again", () -> s.audio().length > heard + 16_000);

            HttpResponse<String> hangUp = post(gw, SECRET, phoneCallControl(vapi.createdIds.get(0), "hang-up"));
            assertEquals(200, hangUp.statusCode(), hangUp.body());
            CallRecord r = finish(gw, sipp);
            assertEquals(EndReason.AGENT_HANGUP, r.endReason());
            assertEquals("refused", r.transfer().outcome());
            assertEquals(403, r.transfer().status());
        }
    }
}
