package io.trunkline.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.AgentGateway.Agent;
import io.trunkline.server.agents.LoopbackCapture.Datagram;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.Tools;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.ws.Transport;
import io.trunkline.ws.vapi.FakeVapi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vapi agent against a fake Vapi that is as strict as the real API ({@link FakeVapi}: {@code POST /call}
 * validated against Vapi's published schema, unknown properties refused with 400, a User-Agent required). A SIPp
 * call in Twilio's shape speaks and presses keys; its speech must reach Vapi and come back to the caller intact
 * (captured on loopback, since SIPp records nothing); Vapi's speech updates must not flush the caller's playout
 * queue, its {@code user-interrupted} must, exactly once; and every end the gateway decides must reach Vapi as
 * {@code end-call} followed by a normal close.
 */
class VapiConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = AgentGateway.WAIT;
    private static final String SPEECH = "Hello, I am calling about my order.";
    private static final String USER_SPEECH_STARTED =
            "{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\",\"turn\":1}";
    private static final String USER_INTERRUPTED = "{\"type\":\"user-interrupted\"}";
    private static final String END_CALL = "text:{\"type\":\"end-call\"}";
    /** Caller to Vapi: one μ-law decode and an 8 → 16 kHz resampler. */
    private static final double MIN_SNR_TO_VAPI_DB = 25;
    /** And back: the resampler pair and a second μ-law encoding. */
    private static final double MIN_SNR_ROUND_TRIP_DB = 20;
    /** Echoed frames that may come too late for their slot on a busy machine (each costs a silent packet). */
    private static final int MAX_LATE_FRAMES = 3;

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(2);

    @TempDir
    Path dir;

    @Test
    void sippSpeechAndDigitsGoThroughAStrictVapiAndBackFaithfully() throws Exception {
        Sipp.requireInstalled();
        Tools.require(LoopbackCapture.tshark(), "tshark");
        short[] speech = speechWav(dir.resolve("caller.wav"));
        int rtpBase = LoopbackConfig.randomRtpBase(42000, 4000);
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = start(Agent.DEFAULTS.vapi(vapi.baseUrl()), rtpBase, Duration.ofMinutes(5))) {
            LoopbackCapture capture = LoopbackCapture.start(dir, "udp and (src portrange " + rtpBase + "-"
                    + (rtpBase + 199) + " or dst port " + gw.sipPort() + ")");
            List<Datagram> captured;
            Sipp.Result sipp;
            FakeVapi.Session s;
            try (capture) {
                Sipp.Running call = Sipp.start(dir, gw.sipPort(), Sipp.TWILIO_CALL, 30, "-s", "+15083728299",
                        "-m", "1");
                s = vapi.awaitSession(WAIT);
                // Once the speech has come back (the digits follow it), Vapi hears the caller start speaking twice
                // (a backchannel, then more), and only then decides that the caller interrupted the assistant.
                Await.until(WAIT, "the digit # at Vapi", () -> keys(s).size() >= 3);
                s.sendText(USER_SPEECH_STARTED);
                s.sendText(USER_SPEECH_STARTED);
                s.sendText(USER_INTERRUPTED);
                assertFalse(s.events.contains(END_CALL), "end-call before the caller hung up");
                sipp = call.await(45);
                captured = capture.stopAfter("the BYE", d -> d.text().startsWith("BYE "));
            }
            assertEquals(0, sipp.exitCode(), sipp.describe());

            CallRecord r = gw.awaitRecord(onlyRecord(gw).parties().sipCallId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals("42#", r.dtmfDigits());
            assertEquals(1, r.bargeIns(), "two speech updates and one user-interrupted: one flush");

            // POST /call: accepted as Vapi accepts it, with what the gateway knows in the right places.
            assertEquals(List.of(), vapi.violations);
            assertEquals(1, vapi.requests.size());
            JsonNode request = vapi.requests.get(0);
            assertFalse(request.has("metadata"), request.toString());
            JsonNode overrides = request.path("assistantOverrides");
            for (JsonNode facts : List.of(overrides.path("metadata"), overrides.path("variableValues"))) {
                assertEquals(r.callId(), facts.path("callId").asText(), facts.toString());
                assertEquals(r.parties().twilioCallSid(), facts.path("twilioCallSid").asText(), facts.toString());
                assertEquals("acme", facts.path("X-Tenant").asText(), facts.toString());
            }
            assertEquals("+15083084809", request.path("customer").path("number").asText(), request.toString());
            assertTrue(vapi.userAgents.get(0).startsWith("trunkline/"), vapi.userAgents.toString());
            assertTrue(vapi.socketUserAgents.get(0).startsWith("trunkline/"), vapi.socketUserAgents.toString());
            assertEquals(List.of("The caller pressed the 4 key.", "The caller pressed the 2 key.",
                    "The caller pressed the # key."), keys(s));

            // The caller's BYE: end-call after it, then a normal close, and nothing else.
            Await.until(WAIT, "the close at Vapi", () -> !s.closeCodes.isEmpty());
            List<String> texts = texts(s);
            assertEquals(END_CALL, texts.get(texts.size() - 1), texts.toString());
            assertEquals(1, texts.stream().filter(END_CALL::equals).count(), texts.toString());
            assertEquals("close:1000", s.events.get(s.events.size() - 1), "then closed normally");
            assertEquals(List.of(1000), s.closeCodes);
            long byeMicros = captured.stream().filter(d -> d.text().startsWith("BYE "))
                    .mapToLong(Datagram::epochMicros).min().orElseThrow(() -> new AssertionError("no BYE among "
                            + captured.size() + " datagrams captured: " + captured.stream().limit(3)
                            .map(d -> d.sourcePort() + ">" + d.destinationPort() + " " + d.text().substring(0,
                                    Math.min(20, d.text().length()))).toList()));
            long endCallMicros = s.arrivalMicros(END_CALL);
            assertTrue(endCallMicros >= byeMicros, "end-call " + (byeMicros - endCallMicros) + " µs before the BYE");

            // The speech, at Vapi (PCM16 at 16 kHz) and back at the caller (μ-law at 8 kHz).
            SpeechMatch atVapi = SpeechMatch.find(SpeechMatch.upsample2(speech), TestAudio.pcm16le(s.audio()), 16000);
            List<Datagram> heard = LoopbackCapture.busiestRtpStream(captured);
            short[] atCaller = TestAudio.decodeUlaw(concatPcmu(heard));
            // The pacer plays silence whenever the echo of a frame comes a little late: the speech may come back
            // in pieces spread apart by whole silent packets, each intact.
            SpeechMatch back = SpeechMatch.findPacketwise(speech, atCaller, 8000, CallerRtp.FRAME);
            keepOnFailure("vapi-conformance", speech, atCaller, back, s.audio());
            assertTrue(atVapi.snrDb() >= MIN_SNR_TO_VAPI_DB && Math.abs(atVapi.gainDb()) < 1,
                    "speech at Vapi: " + atVapi.describe());
            assertTrue(back.snrDb() >= MIN_SNR_ROUND_TRIP_DB && Math.abs(back.gainDb()) < 1
                    && back.shifts() <= MAX_LATE_FRAMES && back.unmatched() <= 2,
                    "speech back at the caller: " + back.describe());
            gw.awaitIdle();
            report("sipp-speech", String.format(Locale.ROOT, "%.2f s of speech; at Vapi %s; back at the caller %s "
                            + "(%d RTP packets captured); end-call %.1f ms after the BYE; bargeIns %d",
                    speech.length / 8000.0, atVapi.describe(), back.describe(), heard.size(),
                    (endCallMicros - byeMicros) / 1000.0, r.bargeIns()));
        }
    }

    @Test
    void speechUpdatesLeavePlayoutAloneAndUserInterruptedFlushesItOnce() throws Exception {
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = start(Agent.DEFAULTS.vapi(vapi.baseUrl()), LoopbackConfig.randomRtpBase(42000,
                        4000), Duration.ofMinutes(5));
                CallerRtp caller = new CallerRtp();
                TestUac uac = gw.uac()) {
            establish(uac, caller);
            FakeVapi.Session s = vapi.awaitSession(WAIT);
            Await.until(WAIT, "the pacer's silence at the caller", () -> caller.received().size() >= 5);

            // Three seconds of assistant speech in one burst, neither paced nor 20 ms aligned, as Vapi sends it.
            byte[] tone = TestAudio.pcm16Tone(1000, -12, 3000);
            for (int off = 0; off < tone.length; off += 13_000) {
                s.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(tone, off,
                        Math.min(13_000, tone.length - off))));
            }
            s.channel.flush();
            Await.until(WAIT, "the assistant's speech at the caller", () -> caller.audibleCount() >= 25);

            // The caller says "okay" twice: Vapi reports the speech and does not interrupt; neither may the gateway.
            s.sendText(USER_SPEECH_STARTED);
            s.sendText(USER_SPEECH_STARTED.replace("started", "stopped"));
            s.sendText(USER_SPEECH_STARTED);
            long heard = caller.audibleCount();
            Await.until(WAIT, "the speech still playing after the speech updates",
                    () -> caller.audibleCount() >= heard + 25);

            BargeIn b = interrupt(caller, s.channel);
            assertEquals(0, b.stale(), "stale assistant audio after user-interrupted: " + b.describe());
            assertTrue(b.toneBefore() >= 50 && b.toneBefore() + b.toneAfter() < 150,
                    "played through the speech updates, dropped at the interruption: " + b.describe());

            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(1, r.bargeIns(), "exactly one flush");
            Await.until(WAIT, "the close at Vapi", () -> !s.closeCodes.isEmpty());
            assertEquals(List.of(END_CALL, "close:1000"), tail(s.events, 2));
            gw.awaitIdle();
            report("barge-in", b.describe());
        }
    }

    @Test
    void theMaximumDurationEndsTheCallWithEndCallThenANormalClose() throws Exception {
        Duration maxDuration = Duration.ofMillis(1500);
        try (FakeVapi vapi = new FakeVapi(agentLoops.group(), Transport.NIO, AgentGateway.KEY);
                RunningGateway gw = start(Agent.DEFAULTS.vapi(vapi.baseUrl()), LoopbackConfig.randomRtpBase(42000,
                        4000), maxDuration);
                CallerRtp caller = new CallerRtp()) {
            TestUac uac = gw.uac();
            try (uac) {
                caller.start(establish(uac, caller), true);
                FakeVapi.Session s = vapi.awaitSession(WAIT);

                SipMsg bye = uac.awaitRequest("BYE");
                uac.respond(bye, 200, "OK");
                CallRecord r = gw.awaitRecord(uac.callId());
                assertEquals(EndReason.MAX_DURATION, r.endReason());
                assertEquals(EndedBy.GATEWAY, r.endedBy());
                Await.until(WAIT, "the close at Vapi", () -> !s.closeCodes.isEmpty());
                assertEquals(List.of(END_CALL, "close:1000"), tail(s.events, 2));
                assertEquals(List.of(), vapi.violations);
                gw.awaitIdle();
                report("max-duration", "BYE Reason " + bye.header("Reason") + "; Vapi got " + tail(s.events, 2));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static RunningGateway start(AgentConfig agent, int rtpBase, Duration maxDuration) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(rtpBase, 200),
                agent,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), maxDuration,
                        AgentGateway.RETRY_AFTER_SECONDS),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        return RunningGateway.start(config, Map.of(AgentGateway.KEY_ENV, AgentGateway.KEY));
    }

    /** Speech for the caller: espeak-ng, band-limited to the telephone band, as 8 kHz μ-law; returns it decoded. */
    private static short[] speechWav(Path wav) throws IOException, InterruptedException {
        Tools.require(Path.of("/usr/bin/espeak-ng"), "espeak-ng");
        Tools.require(Path.of("/usr/bin/sox"), "sox");
        Path dir = wav.getParent();
        Path spoken = dir.resolve("speech-raw.wav");
        Path ulaw = dir.resolve("speech.ulaw");
        run(dir, List.of("espeak-ng", "-w", spoken.toString(), SPEECH));
        run(dir, List.of("sox", spoken.toString(), "-t", "raw", "-r", "8000", "-c", "1", "-e", "mu-law",
                ulaw.toString(), "highpass", "200", "lowpass", "3400", "norm", "-6"));
        // SIPp skips a plain 44-byte header; sox's μ-law WAV header is longer (a fact chunk) and would be played.
        // Whole packets of it, padded with μ-law silence: SIPp pads a last partial packet with 0x00, a loud click.
        byte[] read = Files.readAllBytes(ulaw);
        byte[] samples = java.util.Arrays.copyOf(read, (read.length + CallerRtp.FRAME - 1) / CallerRtp.FRAME
                * CallerRtp.FRAME);
        java.util.Arrays.fill(samples, read.length, samples.length, (byte) 0xff);
        TestAudio.writeUlawWav(wav, samples);
        return voiced(TestAudio.decodeUlaw(samples));
    }

    /**
     * The speech without its leading and trailing silence (10 ms kept on each side), so that what SIPp adds around
     * its stream (its first packet may carry a click) is not compared.
     */
    private static short[] voiced(short[] pcm) {
        int first = 0;
        while (first < pcm.length && Math.abs(pcm[first]) < 300) {
            first++;
        }
        int last = pcm.length - 1;
        while (last > first && Math.abs(pcm[last]) < 300) {
            last--;
        }
        return java.util.Arrays.copyOfRange(pcm, Math.max(0, first - 80), Math.min(pcm.length, last + 81));
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Processes.Result result = Processes.run(dir, dir.resolve(command.get(0) + ".log"), 30, command);
        assertEquals(0, result.exitCode(), command + ": " + result);
    }

    /** Keeps both signals (raw PCM16LE, 8 kHz) for a look with sox when the round trip fails. */
    private static void keepOnFailure(String name, short[] reference, short[] heard, SpeechMatch match,
            byte[] atVapi) throws IOException {
        if (match.snrDb() >= MIN_SNR_ROUND_TRIP_DB && match.shifts() <= MAX_LATE_FRAMES && match.unmatched() <= 2) {
            return;
        }
        Path out = Path.of(System.getProperty("java.io.tmpdir"), name + "-" + System.currentTimeMillis());
        Files.createDirectories(out);
        Files.write(out.resolve("reference.raw"), pcm16le(reference));
        Files.write(out.resolve("heard.raw"), pcm16le(heard));
        Files.write(out.resolve("at-vapi-16k.raw"), atVapi);
        System.out.println("[VapiConformanceIT] round trip kept in " + out);
    }

    private static byte[] pcm16le(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : samples) {
            b.putShort(v);
        }
        return b.array();
    }

    private static byte[] concatPcmu(List<Datagram> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Datagram d : packets) {
            if (d.payloadType() == CallerRtp.PCMU) {
                out.writeBytes(d.rtpPayload());
            }
        }
        return out.toByteArray();
    }

    private static List<String> keys(FakeVapi.Session s) {
        List<String> keys = new ArrayList<>();
        for (String text : s.texts) {
            try {
                JsonNode m = JSON.readTree(text);
                if (m.path("type").asText().equals("add-message")) {
                    keys.add(m.path("message").path("content").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    private static List<String> texts(FakeVapi.Session s) {
        return s.events.stream().filter(e -> e.startsWith("text:")).toList();
    }

    private static List<String> tail(List<String> list, int n) {
        List<String> copy = List.copyOf(list);
        return copy.subList(Math.max(0, copy.size() - n), copy.size());
    }

    private static CallRecord onlyRecord(RunningGateway gw) {
        return Await.value(WAIT, "the call record", () -> gw.records().isEmpty() ? null : gw.records().get(0));
    }

    private static InetSocketAddress establish(TestUac uac, CallerRtp caller) throws IOException {
        uac.inviteSdp(Sdp.pcmuOffer(caller.port()), "X-Twilio-CallSid: CA" + UUID.randomUUID().toString()
                .replace("-", ""), "X-Tenant: acme");
        uac.awaitResponse(180, "INVITE");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        return Sdp.audioAddress(ok.body());
    }

    /** Sends user-interrupted and measures what the caller heard around it. */
    private static BargeIn interrupt(CallerRtp caller, Channel agent) {
        AtomicLong sent = new AtomicLong();
        agent.writeAndFlush(new TextWebSocketFrame(USER_INTERRUPTED)).addListener(f -> sent.set(System.nanoTime()));
        Await.until(WAIT, "user-interrupted written", () -> sent.get() != 0);
        Await.until(WAIT, "300 ms of packets after it", () -> caller.received().stream()
                .filter(p -> p.arrivalNanos() > sent.get()).count() >= 15);
        return BargeIn.measure(caller.received(), sent.get());
    }

    private static void report(String test, String figures) {
        System.out.println("[VapiConformanceIT] " + test + ": " + figures);
    }
}
