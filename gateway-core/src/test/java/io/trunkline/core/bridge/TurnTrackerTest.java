package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.record.TurnStats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scripted conversation with known timings: every expected latency is worked out in the comments. */
class TurnTrackerTest {

    private static final AudioFormat FORMAT = AudioFormat.PCM16_16K;
    private static final long T0 = 1_000_000_000L;

    private final List<Long> reported = new ArrayList<>();
    private final TurnTracker turns = new TurnTracker(FORMAT, reported::add);
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

    /** Caller frames, one every 20 ms, arriving after the previous one, until {@code untilMs}. */
    private void caller(long untilMs, boolean voiced) {
        while (callerClockMs + 20 <= untilMs) {
            callerClockMs += 20;
            turns.onCallerAudio(audio(voiced ? 0 : 1, voiced ? 1 : 0), ms(callerClockMs));
        }
    }

    private void agent(long atMs, int silent, int voiced) {
        turns.onAgentAudio(audio(silent, voiced), ms(atMs), FORMAT);
    }

    @Test
    void turnLatencyRunsFromTheCallersLastVoicedFrameToTheAgentsFirst() {
        agent(100, 0, 25);                 // greeting, heard from 100 ms
        caller(1000, false);
        caller(2000, true);                // caller speaks; the last voiced frame arrives at 2000 ms
        caller(2600, false);
        agent(2600, 10, 50);               // 200 ms of silence first: speech heard from 2800 ms → 800 ms
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
    void bargeInRestartsThePlayoutClock() {
        agent(0, 0, 250);                  // 5 s of agent speech, heard until 5000 ms
        caller(500, false);
        caller(1000, true);                // the caller talks over it until 1000 ms
        turns.onClear(ms(1000));           // the agent stops: the queue is dropped
        caller(1900, false);
        agent(1900, 0, 10);                // heard at once: 900 ms after the caller stopped
        assertEquals(List.of(900_000_000L), reported);
    }

    @Test
    void withoutAClearAnswerAudioQueuesBehindTheOldSpeechAndIsNoNewTurn() {
        agent(0, 0, 250);
        caller(500, false);
        caller(1000, true);
        caller(1900, false);
        agent(1900, 0, 10);                // plays from 5000 ms, still the same talk spurt
        assertEquals(List.of(), reported);
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
        assertEquals(TurnStats.NONE, new TurnTracker(FORMAT, x -> { }).stats());
    }
}
