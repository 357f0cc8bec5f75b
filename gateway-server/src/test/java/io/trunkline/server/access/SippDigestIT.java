package io.trunkline.server.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digest authentication against a real SIP peer: SIPp answers the gateway's challenge with its own digest
 * implementation (as a carrier such as Twilio does), the call is answered by the demo agent and recorded; with a
 * wrong password SIPp is challenged again and the call fails. Refusals show in {@code /metrics}.
 */
class SippDigestIT {
    private static final Path SCENARIO = Path.of("src", "test", "resources", "access", "digest-call.xml")
            .toAbsolutePath();
    private static final String USER_ENV = "TEST_SIPP_DIGEST_USER";
    private static final String PASSWORD_ENV = "TEST_SIPP_DIGEST_PASSWORD";

    @TempDir
    Path dir;

    @Test
    void sippAuthenticatesAndAWrongPasswordIsRefused() throws Exception {
        Sipp.requireInstalled();
        SipAccessConfig access = new SipAccessConfig(List.of("127.0.0.0/8"), RefusalAction.DROP, 500, 1000, 10_000,
                RefusalAction.DROP, true, "trunkline", USER_ENV, PASSWORD_ENV, Duration.ofSeconds(60));
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp").withAccess(access),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 4000), 200),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5),
                new MetricsConfig("127.0.0.1", 0, true, 200),
                new RecordsConfig(""));
        try (RunningGateway gw = RunningGateway.start(config,
                Map.of(USER_ENV, "twilio-trunk", PASSWORD_ENV, "Sipp-Digest-Pass-42"))) {
            Sipp.Result ok = Sipp.run(dir, gw.sipPort(), SCENARIO, 20, "-s", "+15083728299", "-m", "1", "-d", "500",
                    "-au", "twilio-trunk", "-ap", "Sipp-Digest-Pass-42");
            assertEquals(0, ok.exitCode(), ok.describe());
            Await.until(Duration.ofSeconds(10), "the call's record", () -> gw.records().size() == 1);
            CallRecord r = gw.records().get(0);
            assertEquals(200, r.finalStatus());

            Path wrongDir = dir.resolve("wrong");
            Files.createDirectories(wrongDir);
            Sipp.Result wrong = Sipp.run(wrongDir, gw.sipPort(), SCENARIO, 5, "-s", "+15083728299", "-m", "1",
                    "-d", "500", "-au", "twilio-trunk", "-ap", "not-the-password");
            assertNotEquals(0, wrong.exitCode(), "a wrong password must not get through: " + wrong.describe());
            assertEquals(1, gw.records().size(), "no call was created for the wrong password");

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains(
                    "gateway_sip_refused_total{action=\"answered\",reason=\"auth-challenged\"} 2.0"), metrics);
            assertTrue(metrics.contains("gateway_sip_refused_total{action=\"answered\",reason=\"auth-failed\"}"),
                    metrics);
        }
    }
}
