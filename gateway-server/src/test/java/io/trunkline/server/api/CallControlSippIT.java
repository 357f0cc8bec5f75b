package io.trunkline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.ApiConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-control API against a running gateway, SIPp playing the carrier: digits sent through the API reach the
 * caller as RFC 4733 events in the call's own RTP stream, a hang-up of an answered call sends BYE, a hang-up of a
 * ringing call answers the INVITE with 480; each record says the operator ended the call.
 */
class CallControlSippIT {
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "api").toAbsolutePath();
    private static final String TOKEN_VARIABLE = "TRUNKLINE_TEST_API_TOKEN";
    private static final String TOKEN = "e2e-api-token";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @BeforeAll
    static void sipp() {
        Sipp.requireInstalled();
    }

    private RunningGateway start(AgentConfig agent, Duration agentReadyTimeout) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udpAndTcp(), "udp", "tcp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(36000, 500), 100),
                agent,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, agentReadyTimeout, Duration.ofMinutes(5), 5),
                new MetricsConfig("127.0.0.1", 0, true, 50),
                new RecordsConfig(dir.resolve("calls.jsonl").toString()))
                .withApi(new ApiConfig(TOKEN_VARIABLE, List.of("127.0.0.0/8")));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(TOKEN_VARIABLE, TOKEN);
        return RunningGateway.start(config, environment);
    }

    /** The id of the one active call once it is in {@code state} ({@code ringing}, {@code answered}). */
    private static String awaitCall(ApiClient api, String state) {
        return Await.value(WAIT, "a call " + state, () -> {
            JsonNode active = activeCalls(api);
            return active.size() == 1 && active.get(0).get("state").asText().equals(state)
                    ? active.get(0).get("id").asText() : null;
        });
    }

    private static JsonNode activeCalls(ApiClient api) {
        try {
            return api.get("/v1/calls").json().get("active");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void digitsReachTheCallerAsRfc4733EventsAndAHangupSendsBye() throws Exception {
        try (RunningGateway gw = start(AgentConfig.DEFAULTS, Duration.ofSeconds(5));
                CallerRtp caller = new CallerRtp()) {
            ApiClient api = new ApiClient(gw.gateway().metricsAddress(), TOKEN);
            Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), SCENARIOS.resolve("answered-call.xml"), 30,
                    "-s", "15550001111", "-m", "1", "-key", "rtp_port", String.valueOf(caller.port()));
            String id = awaitCall(api, "answered");
            Await.until(WAIT, "the gateway's audio at the caller", () -> caller.receivedCount() >= 5);

            ApiClient.Answer sent = api.post("/v1/calls/" + id + "/dtmf", "{\"digits\":\"12#\"}");
            assertEquals(202, sent.status(), sent.toString());
            List<CallerRtp.Received> stream = Await.value(WAIT, "three keys' end packets", () -> {
                List<CallerRtp.Received> all = caller.received();
                long ends = all.stream().filter(p -> p.payloadType() == CallerRtp.TELEPHONE_EVENT
                        && (p.payload()[1] & 0x80) != 0).count();
                return ends >= 9 ? all : null;
            });
            assertDigits(stream, new int[] {1, 2, 11});

            ApiClient.Answer hangup = api.delete("/v1/calls/" + id);
            assertEquals(204, hangup.status(), hangup.toString());
            Sipp.Result result = sipp.await(45);
            assertEquals(0, result.exitCode(), "SIPp did not get the BYE with its Reason: " + result.describe());

            CallRecord r = Await.value(WAIT, "the record", () -> gw.records().isEmpty() ? null : gw.records().get(0));
            assertEquals(EndReason.OPERATOR_HANGUP, r.endReason());
            assertEquals(EndedBy.OPERATOR, r.endedBy());
            assertEquals(CallOutcome.ANSWERED, r.outcome());
            assertTrue(r.outbound().packets() > 21, "audio and events counted as sent: " + r.outbound());
            JsonNode ended = api.get("/v1/calls/" + id).json();
            assertEquals("ended", ended.get("state").asText());
            assertEquals("OPERATOR", ended.get("endedBy").asText());
            assertEquals(409, api.delete("/v1/calls/" + id).status(), "an ended call cannot be hung up again");
            assertEquals(409, api.post("/v1/calls/" + id + "/dtmf", "{\"digits\":\"1\"}").status());
            var registry = gw.gateway().registry();
            assertEquals(1.0, registry.get("gateway.api.requests").tags("action", "hangup", "status", "204")
                    .counter().count(), "the API's answers are in the metrics");
            assertEquals(1.0, registry.get("gateway.api.requests").tags("action", "dtmf", "status", "202")
                    .counter().count());
        }
    }

    /**
     * The gateway's stream as the caller got it: one sequence without gaps; each key seven event packets (durations
     * 160 to 800, the marker on the first, the end three times) carrying the timestamp the stream had when the key
     * went down, and the audio after it continuing the stream's clock.
     */
    private static void assertDigits(List<CallerRtp.Received> stream, int[] codes) {
        List<CallerRtp.Received> sorted = new ArrayList<>(stream);
        long ssrc = sorted.get(0).ssrc();
        for (int i = 1; i < sorted.size(); i++) {
            assertEquals((sorted.get(i - 1).sequence() + 1) & 0xffff, sorted.get(i).sequence(),
                    "no gap and no reordering on loopback at packet " + i);
            assertEquals(ssrc, sorted.get(i).ssrc(), "one stream");
        }
        int key = 0;
        for (int i = 0; i < sorted.size(); i++) {
            CallerRtp.Received p = sorted.get(i);
            if (p.payloadType() != CallerRtp.TELEPHONE_EVENT) {
                continue;
            }
            assertTrue(key < codes.length, "only the keys sent: " + key);
            assertTrue(i > 0 && sorted.get(i - 1).payloadType() == CallerRtp.PCMU, "audio before each key");
            long start = (sorted.get(i - 1).timestamp() + 160) & 0xffff_ffffL;
            int[] durations = {160, 320, 480, 640, 800, 800, 800};
            for (int k = 0; k < durations.length; k++) {
                CallerRtp.Received e = sorted.get(i + k);
                assertEquals(CallerRtp.TELEPHONE_EVENT, e.payloadType(), "key " + key + " packet " + k);
                assertEquals(codes[key], e.payload()[0] & 0xff, "event code");
                assertEquals(k == 0, e.marker(), "marker on the first packet only");
                assertEquals(start, e.timestamp(), "the key's start on every packet");
                assertEquals(durations[k], ((e.payload()[2] & 0xff) << 8) | (e.payload()[3] & 0xff));
                assertEquals(k >= 4, (e.payload()[1] & 0x80) != 0, "end bit on the last three");
            }
            if (i + durations.length < sorted.size()) {
                CallerRtp.Received after = sorted.get(i + durations.length);
                assertEquals(CallerRtp.PCMU, after.payloadType(), "a gap of audio between keys");
                assertEquals((start + 160L * durations.length) & 0xffff_ffffL, after.timestamp(),
                        "the audio after a key keeps the stream's clock");
            }
            key++;
            i += durations.length - 1;
        }
        assertEquals(codes.length, key, "every key sent");
    }

    @Test
    void aRingingCallHungUpThroughTheApiGets480() throws Exception {
        try (HangingAgent agent = new HangingAgent();
                RunningGateway gw = start(new AgentConfig("raw", agent.uri(), Duration.ofSeconds(20), 1 << 20),
                        Duration.ofSeconds(20))) {
            ApiClient api = new ApiClient(gw.gateway().metricsAddress(), TOKEN);
            Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), SCENARIOS.resolve("ringing-call.xml"), 30,
                    "-s", "15550001111", "-m", "1");
            String id = awaitCall(api, "ringing");
            Await.until(WAIT, "the agent's connection", agent::connected);
            assertEquals(409, api.post("/v1/calls/" + id + "/dtmf", "{\"digits\":\"1\"}").status(),
                    "no digits before the answer");

            ApiClient.Answer hangup = api.delete("/v1/calls/" + id);
            assertEquals(204, hangup.status(), hangup.toString());
            Sipp.Result result = sipp.await(45);
            assertEquals(0, result.exitCode(), "SIPp did not get the 480: " + result.describe());

            CallRecord r = Await.value(WAIT, "the record", () -> gw.records().isEmpty() ? null : gw.records().get(0));
            assertEquals(480, r.finalStatus());
            assertEquals(EndedBy.OPERATOR, r.endedBy());
            assertEquals(CallOutcome.CANCELLED, r.outcome());
            assertEquals(1.0, gw.gateway().registry().get("gateway.calls").tag("outcome", "cancelled")
                    .tag("direction", "inbound").counter().count(), "the metrics count the call");
            Await.until(WAIT, "the agent connection closed", agent::allClosed);
        }
    }

    /** An agent that accepts connections and never answers the WebSocket upgrade: the call keeps ringing. */
    private static final class HangingAgent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        HangingAgent() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.add(s);
                        Thread reader = new Thread(() -> drain(s), "hanging-agent-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hanging-agent");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void drain(Socket s) {
            byte[] buf = new byte[4096];
            try (var in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // read until the gateway closes
                }
            } catch (IOException e) {
                // closed
            }
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        String uri() {
            return "ws://127.0.0.1:" + server.getLocalPort() + "/agent";
        }

        boolean connected() {
            return !accepted.isEmpty();
        }

        boolean allClosed() {
            return !accepted.isEmpty() && accepted.stream().allMatch(Socket::isClosed);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
