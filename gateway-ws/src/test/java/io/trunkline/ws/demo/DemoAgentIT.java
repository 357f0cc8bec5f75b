package io.trunkline.ws.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.Pcm;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.Transport;
import io.trunkline.ws.connect.Connectors;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.transport.WebSocketConnector;
import io.trunkline.ws.transport.WebSocketLeg;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A call's agent leg against the embedded demo agent, over real loopback sockets. */
class DemoAgentIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int RATE = 16_000;
    private static final int GREETING_BYTES = 44_800;
    private static final int FRAME_BYTES = AudioFormat.PCM16_16K.frameBytes();

    static Iterable<Transport> transports() {
        return Transport.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void greetsEchoesAnswersDtmfAndHangsUp(Transport transport) throws Exception {
        EventLoopGroup group = transport.newGroup(2);
        DemoAgentServer demo = new DemoAgentServer(group, transport.serverChannels(), 0);
        try {
            URI uri = demo.start();
            AgentConfig config = new AgentConfig("demo", null, Duration.ofSeconds(2), 64 * 1024);
            WebSocketConnector connector = Connectors.demo(config, uri, ClientTransport.of(transport.clientChannels()));
            EventLoop loop = group.next();
            RecordingListener events = new RecordingListener();

            WebSocketLeg leg = loop.submit(() -> connector.connect(Sessions.sample("call-demo"),
                    new TestCallLoop(loop), events)).get(5, TimeUnit.SECONDS);

            Await.until(WAIT, "agent ready", () -> events.ready.get() == 1);
            assertEquals("demo", connector.kind());
            assertEquals(AudioFormat.PCM16_16K, leg.format());
            Await.until(WAIT, "the start message", () -> "call-demo".equals(demo.stats().lastCallId()));

            byte[] greeting = awaitAudio(events, GREETING_BYTES);
            checkGreeting(greeting);

            byte[] speech = Pcm.tone(1000, 1000, RATE, 6000);
            long firstSent = sendPaced(loop, leg, speech);
            byte[] all = awaitAudio(events, GREETING_BYTES + speech.length);
            assertArrayEquals(speech, Arrays.copyOfRange(all, GREETING_BYTES, all.length), "echo differs");
            long firstEcho = events.chunks.stream().filter(c -> c.offset() >= GREETING_BYTES)
                    .mapToLong(RecordingListener.Chunk::nanos).min().orElseThrow();
            assertTrue(firstEcho - firstSent >= TimeUnit.MILLISECONDS.toNanos(450),
                    "echo came back after " + (firstEcho - firstSent) / 1_000_000 + " ms");

            loop.execute(() -> leg.sendDtmf(new DtmfDigit('5', 120)));
            byte[] withBeep = awaitAudio(events, GREETING_BYTES + speech.length + DemoAudio.BEEP.length);
            assertEquals("5", demo.stats().digits());
            int beepStart = (GREETING_BYTES + speech.length) / 2;
            assertEquals(1500, Pcm.dominant(withBeep, RATE, beepStart, withBeep.length / 2, 1000, 1500, 440));

            loop.execute(leg::gatewayEnded);
            Await.until(WAIT, "the agent to see the hangup", () -> demo.stats().hangupsReceived() == 1);
            Await.until(WAIT, "the agent's session to close", () -> demo.stats().sessionsClosed() == 1);
            assertEquals(1, demo.stats().sessionsOpened());
            assertEquals(0, events.terminalEvents(), "closing the leg must not report anything");
            assertEquals(Map.of(), events.drops, "nothing dropped");
            assertNull(events.agentCallId);
        } finally {
            demo.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void ownsItsEventLoopAndStopClosesOpenSessions() throws Exception {
        Transport transport = Transport.NIO;
        EventLoopGroup group = transport.newGroup(1);
        DemoAgentServer demo = new DemoAgentServer();
        try {
            URI uri = demo.start();
            assertEquals(uri, demo.start(), "start is idempotent");
            assertTrue(uri.toString().matches("ws://127\\.0\\.0\\.1:\\d+/agent"), uri.toString());
            WebSocketConnector connector = Connectors.demo(
                    new AgentConfig("demo", null, Duration.ofSeconds(3), 64 * 1024), uri, ClientTransport.of(transport.clientChannels()));
            EventLoop loop = group.next();
            RecordingListener events = new RecordingListener();
            loop.submit(() -> connector.connect(Sessions.sample("call-stop"), new TestCallLoop(loop), events))
                    .get(5, TimeUnit.SECONDS);
            Await.until(WAIT, "agent ready", () -> events.ready.get() == 1);

            demo.stop();

            Await.until(WAIT, "the disconnect", () -> !events.disconnected.isEmpty());
            assertEquals(AgentFailure.Kind.CONNECTION_LOST, events.disconnected.get(0).kind());
            assertNull(demo.uri());
        } finally {
            demo.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void checkGreeting(byte[] pcm) {
        assertEquals(GREETING_BYTES, pcm.length, "1.4 s of 16 kHz PCM16");
        int ms = RATE / 1000;
        int[] tones = {440, 660, 880};
        for (int i = 0; i < tones.length; i++) {
            int from = (i * 500 + 20) * ms;
            int to = (i * 500 + 380) * ms;
            assertEquals(tones[i], Pcm.dominant(pcm, RATE, from, to, 440, 660, 880, 1000), "tone " + i);
            double rms = Pcm.rms(pcm, from, to);
            // -12 dBFS peak is about 5820 RMS for a sine.
            assertTrue(rms > 5000 && rms < 6500, "tone " + i + " RMS " + rms);
        }
        assertTrue(Pcm.rms(pcm, 410 * ms, 490 * ms) < 50, "silence between the tones");
    }

    /** Sends {@code pcm} in 20 ms frames, one every 20 ms, on the loop; returns when the first frame went out. */
    private static long sendPaced(EventLoop loop, WebSocketLeg leg, byte[] pcm) {
        int frames = pcm.length / FRAME_BYTES;
        AtomicInteger next = new AtomicInteger();
        AtomicLong firstSent = new AtomicLong();
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = loop.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= frames) {
                task[0].cancel(false);
                return;
            }
            if (i == 0) {
                firstSent.set(System.nanoTime());
            }
            leg.sendAudio(ByteBuffer.wrap(pcm, i * FRAME_BYTES, FRAME_BYTES));
        }, 0, 20, TimeUnit.MILLISECONDS);
        Await.until(WAIT, "all frames sent", () -> next.get() > frames);
        return firstSent.get();
    }

    private static byte[] awaitAudio(RecordingListener events, int bytes) {
        Await.until(WAIT, bytes + " bytes of agent audio", () -> events.audioBytes() >= bytes);
        byte[] audio = events.audio();
        assertEquals(bytes, audio.length, "more agent audio than expected");
        return audio;
    }
}
