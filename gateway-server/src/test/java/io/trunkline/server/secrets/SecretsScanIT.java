package io.trunkline.server.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.netty.channel.EventLoopGroup;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.VapiServerConfig;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.config.ConfigLoader;
import io.trunkline.server.outbound.TrunkSipp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import io.trunkline.ws.Transport;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import io.trunkline.ws.vapi.FakeVapi;
import io.trunkline.ws.vapi.LogCapture;
import io.trunkline.ws.vapi.VapiConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs a whole gateway with every kind of secret configured (Vapi API key, webhook signing secret and a token in
 * the webhook URL, SIP digest password, a token in a twilio-stream agent URL), places calls through it (digest
 * authenticated to Vapi and to the stream agent, one with a wrong password, one from a source outside the
 * allowlist) and then scans everything the process emitted for the secret strings: every log line (debug included,
 * the SIP stack and record logs too), the start-up configuration dump, the record file, the webhook deliveries,
 * {@code /calls}, {@code /calls/{id}}, {@code /metrics} and the dashboard.
 */
class SecretsScanIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String VAPI_KEY_ENV = "TEST_SCAN_VAPI_KEY";
    private static final String WEBHOOK_SECRET_ENV = "TEST_SCAN_WEBHOOK_SECRET";
    private static final String SIP_USER_ENV = "TEST_SCAN_SIP_USER";
    private static final String SIP_PASSWORD_ENV = "TEST_SCAN_SIP_PASSWORD";
    private static final String VAPI_SERVER_SECRET_ENV = "TEST_SCAN_VAPI_SERVER_SECRET";

    private static final String VAPI_KEY = "sk-scan-7f3a9c1e5b2d4a6f";
    private static final String WEBHOOK_SECRET = "whsec-scan-91c4e7a2b8d3f605";
    private static final String WEBHOOK_URL_TOKEN = "hookurl-scan-3e8b1d9f";
    private static final String SIP_USER = "trunk-scan-user";
    private static final String SIP_PASSWORD = "sip-scan-pass-5d2c8e1a";
    private static final String VAPI_SERVER_SECRET = "vapisrv-scan-6b1e9d4c";
    /** The token {@link FakeTwilioAgent#uri()} puts in its URL's query string. */
    private static final String STREAM_TOKEN = "agent-secret-token";
    private static final String TRUNK_USER_ENV = "TEST_SCAN_TRUNK_USER";
    private static final String TRUNK_PASSWORD_ENV = "TEST_SCAN_TRUNK_PASSWORD";
    private static final List<String> SECRETS = List.of(VAPI_KEY, WEBHOOK_SECRET, WEBHOOK_URL_TOKEN, SIP_PASSWORD,
            STREAM_TOKEN, VAPI_SERVER_SECRET, TrunkSipp.PASSWORD);

    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void noSecretReachesLogsRecordsWebhooksOrHttp() throws Exception {
        EventLoopGroup agentLoops = Transport.NIO.newGroup(2);
        Map<String, String> emitted = new LinkedHashMap<>();
        Map<String, Level> savedLevels = new LinkedHashMap<>();
        Path recordFile = dir.resolve("calls.jsonl");
        try (LogCapture logs = LogCapture.open();
                FakeVapi vapi = new FakeVapi(agentLoops, Transport.NIO, VAPI_KEY);
                FakeTwilioAgent streamAgent = new FakeTwilioAgent(agentLoops, Transport.NIO);
                WebhookReceiver webhook = new WebhookReceiver()) {
            // The gateway at debug (LogCapture), plus the record log and the SIP stack's own debug log with every
            // message in full, which the test configuration keeps quiet.
            for (String name : List.of("io.trunkline.records", "io.trunkline.sip.messages", "gov.nist")) {
                savedLevels.put(name, logger(name).getLevel());
                logger(name).setLevel(Level.DEBUG);
            }
            assertTrue(streamAgent.uri().toString().contains(STREAM_TOKEN));
            // The termination trunk: a digest challenge answered with the trunk's password (6 s of call).
            TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.ANSWER, 1, 40, "-key", "rtpport", "41008", "-d", "100");
            GatewayConfig config = config(vapi.baseUrl(), streamAgent.uri(), webhook.url(WEBHOOK_URL_TOKEN),
                    recordFile).withOutbound(new OutboundConfig(trunk.uri(), TRUNK_USER_ENV, TRUNK_PASSWORD_ENV,
                            "+15550009999", 1, 5, List.of("+1"), Duration.ofSeconds(10), "udp"));
            emitted.put("start-up configuration dump", ConfigLoader.describe(config));
            Map<String, String> env = Map.of(VAPI_KEY_ENV, VAPI_KEY, WEBHOOK_SECRET_ENV, WEBHOOK_SECRET,
                    SIP_USER_ENV, SIP_USER, SIP_PASSWORD_ENV, SIP_PASSWORD, VAPI_SERVER_SECRET_ENV,
                    VAPI_SERVER_SECRET, TRUNK_USER_ENV, TrunkSipp.USERNAME, TRUNK_PASSWORD_ENV, TrunkSipp.PASSWORD);
            List<String> callIds = new ArrayList<>();
            try (RunningGateway gw = RunningGateway.start(config, env)) {
                int port = gw.sipPort();
                // 1. digest-authenticated call to Vapi
                callIds.add(authenticatedCall(gw, port, 41000));
                assertEquals(1, vapi.sessions.size(), "the call reached Vapi");
                // 2. digest-authenticated call routed to the twilio-stream agent
                callIds.add(authenticatedCall(gw, port, 41002, "X-Route: stream"));
                assertTrue(streamAgent.streams.size() >= 1, "the call reached the stream agent");
                // 3. a wrong password: challenged twice, never a call
                try (TestUac uac = gw.uac()) {
                    uac.inviteSdp(Sdp.pcmuOffer(41004));
                    String nonce = nonce(uac.awaitResponse(401, "INVITE"));
                    uac.ack(false);
                    uac.toTag(null);
                    uac.inviteSdp(Sdp.pcmuOffer(41004), authorization(nonce, SIP_USER, "not-the-password", port));
                    uac.awaitResponse(401, "INVITE");
                    uac.ack(false);
                }
                // 4. a source outside the allowlist: 403
                try (TestUac outsider = new TestUac(new UdpTransport("127.0.0.2", port), port)) {
                    outsider.inviteSdp(Sdp.pcmuOffer(41006));
                    outsider.awaitResponse(403, "INVITE");
                }

                Await.until(WAIT, "both records delivered to the webhook", () -> webhook.deliveries.size() >= 2);
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + gw.gateway().metricsAddress().getPort();
                // 5. Vapi server messages: the right secret for a call the gateway does not carry, a wrong one
                String serverMessage = "{\"message\":{\"type\":\"phone-call-control\",\"request\":\"hang-up\","
                        + "\"call\":{\"id\":\"no-such-call\"}}}";
                for (String secret : List.of(VAPI_SERVER_SECRET, "not-the-secret")) {
                    int status = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/vapi/server"))
                            .version(HttpClient.Version.HTTP_1_1).header("X-Vapi-Secret", secret)
                            .POST(HttpRequest.BodyPublishers.ofString(serverMessage)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertEquals(secret.equals(VAPI_SERVER_SECRET) ? 404 : 401, status, "Vapi server message");
                }
                // 6. an outbound call through the trunk, which challenges it: the trunk's password answers
                String outbound = gw.gateway().callControl().place(new OutboundRequest("+15550001111", null, null,
                        Map.of()));
                CallRecord placed = Await.value(Duration.ofSeconds(30), "the outbound call's record",
                        () -> gw.records().stream().filter(r -> r.callId().equals(outbound)).findFirst()
                                .orElse(null));
                assertEquals(200, placed.finalStatus(), "the trunk took the digest: " + placed.trunkResponses());
                Sipp.Result trunkRun = trunk.await(20);
                assertEquals(0, trunkRun.exitCode(), trunkRun.describe());
                emitted.put("outbound record " + outbound, placed.toString());
                emitted.put("trunk's view of the messages", trunkRun.output() + trunkRun.errors());
                String metrics = get(http, base + "/metrics");
                assertTrue(metrics.contains("gateway_sip_refused_total{action=\"answered\",reason=\"source-denied\"} 1.0"),
                        "refusals are counted by reason");
                assertTrue(metrics.contains("gateway_sip_refused_total{action=\"answered\",reason=\"auth-failed\"} 1.0"));
                assertTrue(metrics.contains(
                        "gateway_sip_refused_total{action=\"answered\",reason=\"auth-challenged\"} 3.0"));
                emitted.put("/metrics", metrics);
                emitted.put("/calls", get(http, base + "/calls"));
                emitted.put("/", get(http, base + "/"));
                for (String sipCallId : callIds) {
                    CallRecord r = gw.awaitRecord(sipCallId);
                    emitted.put("record tap " + r.callId(), r.toString());
                    emitted.put("/calls/" + r.callId(), get(http, base + "/calls/" + r.callId()));
                }
            }
            emitted.put("record file", Files.readString(recordFile, StandardCharsets.UTF_8));
            for (int i = 0; i < webhook.deliveries.size(); i++) {
                emitted.put("webhook delivery " + i, webhook.deliveries.get(i));
            }
            emitted.put("log", String.join("\n", logs.lines()));
            assertTrue(logs.contains("refused: source-denied"), "the capture saw the gateway's log");
            assertTrue(logs.contains("Authorization: Digest"), "the capture saw whole SIP messages");
            assertTrue(logs.contains("\"callId\":\""), "the capture saw the record log");
        } finally {
            savedLevels.forEach((name, level) -> logger(name).setLevel(level));
            agentLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }

        List<String> leaks = new ArrayList<>();
        emitted.forEach((where, text) -> {
            for (String secret : SECRETS) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    leaks.add(where + " contains a secret: ..."
                            + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 40)) + "...");
                }
            }
        });
        System.out.printf("secret scan: %d sources, %d characters, %d log lines, %d secrets, leaks: %d%n",
                emitted.size(), emitted.values().stream().mapToInt(String::length).sum(),
                emitted.get("log").lines().count(), SECRETS.size(), leaks.size());
        assertEquals(List.of(), leaks);
        assertTrue(emitted.get("record file").lines().count() >= 2, "both calls were recorded");
    }

    @Test
    void startFailsNamingTheKeyWhenADigestSecretOrTheAllowlistIsBad() throws Exception {
        Path recordFile = dir.resolve("unused.jsonl");
        GatewayConfig config = config(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9/stream"),
                URI.create("http://127.0.0.1:9/hook"), recordFile);
        Map<String, String> noServerSecret = Map.of(VAPI_KEY_ENV, VAPI_KEY, WEBHOOK_SECRET_ENV, WEBHOOK_SECRET,
                SIP_USER_ENV, SIP_USER, SIP_PASSWORD_ENV, SIP_PASSWORD);
        assertEquals("vapi.server-secret-env",
                assertThrows(ConfigException.class, () -> RunningGateway.start(config, noServerSecret)).key());
        Map<String, String> noPassword = Map.of(VAPI_KEY_ENV, VAPI_KEY, WEBHOOK_SECRET_ENV, WEBHOOK_SECRET,
                SIP_USER_ENV, SIP_USER, VAPI_SERVER_SECRET_ENV, VAPI_SERVER_SECRET);
        ConfigException missing = assertThrows(ConfigException.class, () -> RunningGateway.start(config, noPassword));
        assertEquals("sip.digest-password-env", missing.key());
        assertFalse(missing.getMessage().contains(SIP_USER), missing.getMessage());

        GatewayConfig badList = new GatewayConfig(config.sip().withAccess(new SipAccessConfig(List.of("10.0.0.0/33"),
                RefusalAction.DROP, 1, 1, 1, RefusalAction.DROP, false, "r", "U", "P", Duration.ofSeconds(1))),
                config.rtp(), config.agent(), config.calls(), config.metrics(), config.records(), config.routes());
        Map<String, String> env = Map.of(VAPI_KEY_ENV, VAPI_KEY, WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        assertEquals("sip.allowlist",
                assertThrows(ConfigException.class, () -> RunningGateway.start(badList, env)).key());
    }

    /** INVITE, 401, INVITE with credentials, 200, ACK, BYE; returns the SIP Call-ID. */
    private static String authenticatedCall(RunningGateway gw, int port, int rtpPort, String... headers)
            throws Exception {
        try (TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtpPort), headers);
            String nonce = nonce(uac.awaitResponse(401, "INVITE"));
            uac.ack(false);
            uac.toTag(null);
            String[] withAuth = new String[headers.length + 1];
            System.arraycopy(headers, 0, withAuth, 0, headers.length);
            withAuth[headers.length] = authorization(nonce, SIP_USER, SIP_PASSWORD, port);
            uac.inviteSdp(Sdp.pcmuOffer(rtpPort), withAuth);
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            uac.bye();
            uac.awaitResponse(200, "BYE");
            gw.awaitRecord(uac.callId());
            return uac.callId();
        }
    }

    private static GatewayConfig config(URI vapiBase, URI streamUrl, URI webhookUrl, Path recordFile) {
        SipAccessConfig access = new SipAccessConfig(List.of("127.0.0.1/32"), RefusalAction.REJECT, 500, 1000,
                10_000, RefusalAction.DROP, true, "trunkline", SIP_USER_ENV, SIP_PASSWORD_ENV,
                Duration.ofSeconds(60));
        VapiConfig vapiConfig = new VapiConfig(vapiBase.toString(), VAPI_KEY_ENV, "asst-scan", "", "pcm_s16le",
                VapiConfig.DEFAULT_DTMF_MESSAGE, Duration.ofSeconds(3));
        AgentConfig vapi = new AgentConfig("vapi", null, Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, Map.of(), List.of(vapiConfig));
        AgentConfig stream = new AgentConfig("twilio-stream", streamUrl.toString(), Duration.ofSeconds(5), 1 << 20,
                16000, DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, Map.of(),
                List.of());
        RecordsConfig defaults = RecordsConfig.DEFAULTS;
        RecordsConfig records = new RecordsConfig(recordFile.toString(), defaults.maxFileMb(), defaults.maxFiles(),
                webhookUrl.toString(), WEBHOOK_SECRET_ENV, Duration.ofSeconds(5), 3, 100, defaults.attribution());
        return new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp").withAccess(access),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 4000), 200),
                vapi,
                calls(),
                new MetricsConfig("127.0.0.1", 0, true, 200),
                records,
                List.of(new AgentRoute(null, "X-Route", "stream", stream)))
                .withVapiServer(new VapiServerConfig("/vapi/server", VAPI_SERVER_SECRET_ENV));
    }

    /** Call settings without the event-loop lag guard: debug logging of every message slows the loops down. */
    private static CallConfig calls() {
        CallConfig c = LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4),
                Duration.ofMinutes(5), 5);
        return new CallConfig(c.maxConcurrentCalls(), c.answerPolicy(), c.agentReadyTimeout(), c.maxDuration(),
                c.retryAfterSeconds(), c.drainTimeout(), c.earlyAudioMillis(), c.maxCallsPerSecond(), c.callsBurst(),
                Duration.ZERO, c.sessionExpires(), c.sessionMinExpires());
    }

    private static Logger logger(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    private static String nonce(SipMsg challenge) {
        Matcher m = NONCE.matcher(challenge.header("WWW-Authenticate"));
        assertTrue(m.find(), challenge.toString());
        return m.group(1);
    }

    /** RFC 2617 digest with qop=auth for an INVITE to the gateway's request URI, computed independently. */
    private static String authorization(String nonce, String user, String password, int port) throws Exception {
        String uri = "sip:+15083728299@127.0.0.1:" + port;
        String ha1 = md5(user + ":trunkline:" + password);
        String ha2 = md5("INVITE:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
        return "Authorization: Digest username=\"" + user + "\", realm=\"trunkline\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"c0ffee\", qop=auth,"
                + " nc=00000001";
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
