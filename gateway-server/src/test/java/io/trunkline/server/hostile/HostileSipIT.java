package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.server.hostile.HostileGateway.Options;
import io.trunkline.server.hostile.HostileSdp.Offer;
import io.trunkline.server.hostile.RawSip.Outcome;
import io.trunkline.server.hostile.SipCorpus.Input;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TcpTransport;
import io.trunkline.sip.uac.TestUac;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corpus of hostile SIP sent raw over UDP and TCP, and hostile SDP in well-formed INVITEs, at a running gateway
 * while a healthy call streams audio through it. Every message must get a proper refusal (4xx, 501, 505, 513) or
 * be dropped, never a 2xx or a 500; the healthy call must lose nothing; and afterwards the gateway still answers
 * OPTIONS over both transports and {@code /health}.
 */
class HostileSipIT {
    static final long SEED = 20_261_123L;
    /** After the OPTIONS probe is answered, how long a late answer to the hostile message is still collected. */
    static final Duration UDP_GRACE = Duration.ofMillis(100);
    static final Duration PROBE_WAIT = Duration.ofSeconds(5);
    /** How long a TCP connection is read for an answer before the message counts as dropped. */
    static final Duration TCP_WAIT = Duration.ofMillis(300);

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @Test
    void hostileSipAndSdpAreRefusedOrDroppedWhileAHealthyCallKeepsCleanAudio() throws Exception {
        long started = System.nanoTime();
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()).withMetrics());
                HealthyCall healthy = HealthyCall.start(gw, agent)) {
            Map<String, Integer> tried = new TreeMap<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            List<String> violations = new ArrayList<>();
            Map<String, Integer> sdpAnswers = new LinkedHashMap<>();

            for (String transport : List.of("UDP", "TCP")) {
                for (Input input : SipCorpus.all(HostileGateway.MAX_MESSAGE_BYTES, SEED)) {
                    Outcome outcome = transport.equals("UDP")
                            ? RawSip.udp(gw.sipPort(), local -> input.builder().build("UDP", gw.sipPort(), local),
                                    UDP_GRACE, PROBE_WAIT)
                            : RawSip.tcp(gw.sipPort(), local -> input.builder().build("TCP", gw.sipPort(), local),
                                    TCP_WAIT);
                    tried.merge(transport + " " + input.category(), 1, Integer::sum);
                    outcomes.merge(transport + " " + outcome.kind(), 1, Integer::sum);
                    for (int status : outcome.finals()) {
                        if (!properRefusal(status)) {
                            violations.add(transport + " " + input.name() + " -> " + outcome.statuses());
                        }
                    }
                }
            }

            try (TestUac uac = gw.uac()) {
                for (Offer offer : HostileSdp.all()) {
                    uac.newCall();
                    uac.invite(offer.contentType(), offer.body());
                    String callId = uac.callId();
                    SipMsg answer = uac.await("a final answer to the offer with " + offer.name(), m -> m.isResponse()
                            && m.status() >= 200 && "INVITE".equals(m.cseqMethod()) && callId.equals(m.callId()));
                    tried.merge("UDP sdp", 1, Integer::sum);
                    outcomes.merge("SDP " + answer.status(), 1, Integer::sum);
                    sdpAnswers.put(offer.name(), answer.status());
                    if (answer.status() == 200) {
                        if (!offer.mayBeAccepted()) {
                            violations.add("SDP " + offer.name() + " -> 200");
                        }
                        uac.toTag(answer.toTag());
                        uac.ack(true);
                        uac.bye();
                        uac.awaitResponse(200, "BYE");
                    } else {
                        uac.ack(false);
                        if (answer.status() < 400 || answer.status() >= 500) {
                            violations.add("SDP " + offer.name() + " -> " + answer.status());
                        }
                    }
                }
            }

            // Still healthy: OPTIONS over both transports, /health, and the call that ran all along.
            assertOptionsAnswered(gw.uac());
            assertOptionsAnswered(new TestUac(new TcpTransport(gw.sipPort()), gw.sipPort()));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("up"), health.body());
            String healthyFigures = healthy.finishAndCheck();
            gw.awaitIdle();

            int total = tried.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("HostileSipIT: %d inputs in %d ms%n  tried by category: %s%n  outcomes: %s%n"
                    + "  SDP answers: %s%n  %s%n", total, (System.nanoTime() - started) / 1_000_000, tried, outcomes,
                    sdpAnswers, healthyFigures);
            assertEquals(List.of(), violations, "improper answers");
        }
    }

    /** A refusal the corpus may get: any 4xx, 501 Not Implemented, 505 Version Not Supported, 513 Too Large. */
    private static boolean properRefusal(int status) {
        return (status >= 400 && status < 500) || status == 501 || status == 505 || status == 513;
    }

    private static void assertOptionsAnswered(TestUac uac) throws Exception {
        try (uac) {
            uac.send("OPTIONS");
            uac.awaitResponse(200, "OPTIONS");
        }
    }
}
