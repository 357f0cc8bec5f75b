package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.record.TurnStats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scripted conversation with known timings: every expected latency is worked out in the comments. The agent's
 * side is given as the pacer sends it: one 20 ms μ-law packet per slot, at the time it went out.
 */
class TurnTrackerTest {

    private static final AudioFormat FORMAT = AudioFormat.PCM16_16K;
    private static final long T0 = 1_000_000_000L;

    private final List<Long> reported = new ArrayList<>();
    private final TurnTracker turns = new TurnTracker(FORMAT, AudioFormat.PCMU_8K, reported::add);
    private long callerClockMs;

    private static long ms(long millis) {
        return T0 + millis * 1_000_000L;
    }

    /** {@code silent} frames of silence then {@code voiced} frames of a -12 dBFS tone, 20 ms each. */
    private static ByteBuffer audio(int silent, int voiced) {
        ByteBuffer b = ByteBuffer.allocate((silent + voiced) * FORMAT.frameBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int samples = (silent + voiced) * FORMAT.frameSamples();
        for (int i = 0; i < samples; i++) {
            boolean loud = i >= silent * FORMAT.frameSamples();
            b.putShort(loud ? (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0)) : 0);
        }
        return b.flip();
    }

    /** One 20 ms μ-law packet: digital silence, or a loud square wave. */
    private static ByteBuffer packet(boolean voiced) {
        byte[] b = new byte[160];
        for (int i = 0; i < b.length; i++) {
            b[i] = voiced ? (byte) (i % 2 == 0 ? 0x20 : 0xA0) : (byte) 0xFF;
        }
        return ByteBuffer.wrap(b);
    }

    /** Caller frames, one every 20 ms, arriving after the previous one, until {@code untilMs}. */
    private void caller(long untilMs, boolean voiced) {
        while (callerClockMs + 20 <= untilMs) {
            callerClockMs += 20;
            turns.onCallerAudio(audio(voiced ? 0 : 1, voiced ? 1 : 0), ms(callerClockMs));
        }
    }

    /** Packets of agent audio sent from {@code atMs}, one per 20 ms: {@code silent} quiet ones, then voiced ones. */
    private void agent(long atMs, int silent, int voiced) {
        for (int i = 0; i < silent + voiced; i++) {
            turns.onAgentAudioSent(packet(i >= silent), ms(atMs + 20L * i));
        }
    }

    @Test
    void turnLatencyRunsFromTheCallersLastVoicedFrameToTheSendOfTheAgentsFirstVoicedPacket() {
        agent(100, 0, 25);                 // greeting, sent from 100 ms
        caller(1000, false);
        caller(2000, true);                // caller speaks; the last voiced frame arrives at 2000 ms
        caller(2600, false);
        agent(2600, 10, 50);               // 200 ms of quiet audio first: the first voiced packet at 2800 → 800 ms
        caller(4000, false);
        caller(4500, true);                // last voiced frame at 4500 ms
        caller(5700, false);
        agent(5700, 0, 10);                // → 1200 ms
        caller(8000, false);
        agent(8000, 0, 10);                // the agent speaks again unprompted: no turn

        assertEquals(ms(100), turns.firstSpeechNanos());
        assertEquals(List.of(800_000_000L, 1_200_000_000L), reported);
    }

    @Test
    void aBargeInEndsTheAgentsTalkSpurt() {
        agent(0, 0, 50);                   // agent speech sent until 1000 ms
        caller(500, false);
        caller(1000, true);                // the caller talks over it until 1000 ms
        turns.onClear(ms(1000));           // the agent stops: the queue is dropped, the pacer sends silence
        caller(1900, false);
        agent(1900, 0, 10);                // sent at once: 900 ms after the caller stopped
        assertEquals(List.of(900_000_000L), reported);
    }

    @Test
    void anAnswerSentRightBehindTheOldSpeechIsTheSameTalkSpurtAndNoNewTurn() {
        agent(0, 0, 250);                  // 5 s of agent speech, sent until 5000 ms
        caller(500, false);
        caller(1000, true);
        caller(1900, false);
        agent(5000, 0, 10);                // queued behind it: sent from 5000 ms, no pause in between
        assertEquals(List.of(), reported);
    }

    @Test
    void slotsWithoutAgentAudioAreSilenceForTheDetector() {
        agent(0, 0, 10);                   // a short greeting, sent until 200 ms
        caller(300, false);
        caller(1000, true);                // the caller speaks until 1000 ms
        caller(1500, false);
        agent(1500, 0, 10);                // 1.3 s of the pacer's own silence in between: a new spurt → 500 ms
        assertEquals(List.of(500_000_000L), reported);
    }

    @Test
    void latencyIsTakenWhenTheAnswerIsSentNotWhenItArrived() {
        caller(1000, true);                // the caller speaks until 1000 ms
        caller(1200, false);
        // The answer arrived at 1200 ms, but a late pacer sent its first voiced packet only at 1700 ms.
        agent(1700, 0, 10);
        assertEquals(List.of(700_000_000L), reported);
        assertEquals(ms(1700), turns.firstSpeechNanos());
    }

    @Test
    void statisticsUseNearestRank() {
        long[] latencies = {800, 1200, 900, 400, 2000};
        long at = 1000;
        for (long latency : latencies) {
            caller(at + 100, false);
            caller(at + 400, true);        // last voiced frame at at+400
            caller(at + 400 + latency, false);
            agent(at + 400 + latency, 0, 5);
            at += 5000;
        }
        TurnStats stats = turns.stats();
        assertEquals(5, stats.count());
        // sorted: 400, 800, 900, 1200, 2000 — p50 is the 3rd (ceil 2.5), p95 the 5th (ceil 4.75)
        assertEquals(900, stats.p50Ms(), 1e-9);
        assertEquals(2000, stats.p95Ms(), 1e-9);
        assertEquals(2000, stats.maxMs(), 1e-9);
        assertEquals(TurnStats.NONE, new TurnTracker(FORMAT, AudioFormat.PCMU_8K, x -> { }).stats());
    }
}
