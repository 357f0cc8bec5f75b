package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.hostile.HostileGateway.Options;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent that floods the gateway with audio, far faster than real time and beyond the playout queue
 * ({@code rtp.playout-queue-millis}, 60 s here): what does not fit is dropped, the call carries on, and the drops
 * show on {@code /metrics} as outbound {@code playout-full} and in the call record, counted once.
 */
class AgentFloodIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** 200 ms of PCM16 at 16 kHz per WebSocket frame. */
    static final int FRAME_BYTES = 6400;
    /** 90 s of audio: 30 s more than the playout queue holds. */
    static final int FRAMES = 450;
    static final String OUTBOUND_PLAYOUT_FULL =
            "gateway_media_dropped_total{direction=\"out\",reason=\"playout-full\"}";

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void audioBeyondThePlayoutQueueIsDroppedAndShowsOnMetricsAndInTheRecord() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()).withMetrics());
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            agent.echo(false);
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            rtp.start(Sdp.audioAddress(ok.body()), true);
            EchoAgent.Session s = agent.awaitSession(0);
            assertEquals(0.0, sample(scrape(gw), OUTBOUND_PLAYOUT_FULL), "the series exists at zero before");

            byte[] loud = new byte[FRAME_BYTES];
            for (int i = 0; i < loud.length; i += 2) {
                loud[i + 1] = (byte) ((i / 2) % 16 < 8 ? 0x20 : 0xE0); // a ±8192 square wave
            }
            for (int i = 0; i < FRAMES; i++) {
                s.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(loud)));
            }
            s.channel.flush();

            // 90 s arrive within a moment; 60 s fit (less what was already sent): about 1500 frames of 20 ms.
            Await.until(WAIT, "outbound drops on /metrics",
                    () -> sample(scrape(gw), OUTBOUND_PLAYOUT_FULL) >= 1400);
            assertEquals(1, gw.gateway().bridge().activeCalls(), "the call carries on");
            double shown = sample(scrape(gw), OUTBOUND_PLAYOUT_FULL);
            assertTrue(shown <= 1500, "at most the excess is dropped: " + shown);

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals((long) sample(scrape(gw), OUTBOUND_PLAYOUT_FULL), r.drops().outbound().get("playout-full"),
                    "the record and the metric count the same drops, once: " + r.drops());
            System.out.printf("AgentFloodIT: %d s of agent audio in %d frames; %s dropped, record %s%n",
                    FRAMES * FRAME_BYTES / 32000, FRAMES, (long) shown, r.drops());
        }
    }

    private String scrape(RunningGateway gw) {
        URI uri = URI.create("http://127.0.0.1:" + gw.gateway().metricsAddress().getPort() + "/metrics");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
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
}
