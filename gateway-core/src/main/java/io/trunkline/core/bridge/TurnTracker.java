package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.EnergyVad;
import io.trunkline.core.audio.FrameEnergy;
import io.trunkline.core.record.TurnStats;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Measures a call's conversational timing with an energy voice-activity detector on each direction: when the agent
 * first speaks, and for every turn how long the agent took to start speaking after the caller stopped.
 *
 * <p>Caller audio arrives in real time, one 20 ms frame per packet, so a frame's arrival time is when that audio
 * ended. The agent's side is measured on what the pacer actually sent toward the caller, packet by packet, at the
 * time each was handed to the socket: agent audio arrives in bursts much faster than real time, waits in the
 * playout queue, may be dropped by a barge-in or refused by a full queue, and only the sent packets are what the
 * caller hears. A gap in either stream (nothing received, or only the pacer's silence sent) counts as silence.
 *
 * <p>A turn is counted when agent speech starts after the caller said something (at least the detector's onset)
 * since the agent's previous talk spurt; its latency runs from the end of the caller's last voiced frame to the
 * send of the agent's first voiced packet. Single-threaded, on the call's loop; allocates nothing per frame.
 */
final class TurnTracker {

    /** Latencies kept for percentiles; later turns still count and update the maximum. */
    static final int MAX_SAMPLES = 1000;
    private static final long FRAME_NANOS = AudioFormat.FRAME_MILLIS * 1_000_000L;

    private final EnergyVad callerVad;
    private final EnergyVad agentVad;
    private final FrameEnergy callerEnergy;
    private final FrameEnergy agentEnergy;
    private final LongConsumer onTurn;
    private final Moments moments;
    private final FrameEnergy.LevelSink callerSink = this::onCallerLevel;
    private final FrameEnergy.LevelSink agentSink = this::onAgentLevel;

    private long callerFrameNanos;
    private long callerVoicedRunStartNanos;
    private boolean callerInVoicedRun;
    private long lastCallerFrameNanos;
    private long lastCallerVoiceNanos;
    private boolean callerTurnPending;

    private long agentPacketNanos;
    private long lastAgentPacketNanos;
    private long agentVoicedRunStartNanos;
    private boolean agentInVoicedRun;
    private long firstSpeechNanos;
    private boolean hasFirstSpeech;

    private long[] latencies;
    private int count;
    private long maxNanos;

    /**
     * @param format  the agent's format, in which caller audio reaches the bridge
     * @param carrier the carrier codec, in which the pacer's packets are reported
     * @param onTurn  receives each turn's latency in nanoseconds, as it is measured
     */
    TurnTracker(AudioFormat format, AudioFormat carrier, LongConsumer onTurn) {
        this(format, carrier, new EnergyVad(), new EnergyVad(), onTurn, Moments.NONE);
    }

    /** @param moments receives the moments a call's timeline shows */
    TurnTracker(AudioFormat format, AudioFormat carrier, LongConsumer onTurn, Moments moments) {
        this(format, carrier, new EnergyVad(), new EnergyVad(), onTurn, moments);
    }

    TurnTracker(AudioFormat format, AudioFormat carrier, EnergyVad callerVad, EnergyVad agentVad,
            LongConsumer onTurn) {
        this(format, carrier, callerVad, agentVad, onTurn, Moments.NONE);
    }

    TurnTracker(AudioFormat format, AudioFormat carrier, EnergyVad callerVad, EnergyVad agentVad,
            LongConsumer onTurn, Moments moments) {
        this.moments = moments;
        this.callerVad = callerVad;
        this.agentVad = agentVad;
        this.callerEnergy = new FrameEnergy(format);
        this.agentEnergy = new FrameEnergy(carrier);
        this.onTurn = onTurn;
    }

    /** The moments of the conversation a call's timeline shows, as they are detected (monotonic nanos). */
    interface Moments {
        Moments NONE = new Moments() {
        };

        /** The caller began a talk spurt at {@code nanos}. */
        default void callerSpeechStarted(long nanos) {
        }

        /** A turn: the caller's last voiced audio ended at {@code callerStoppedNanos}; the agent's answer was sent. */
        default void turn(long callerStoppedNanos, long agentStartedNanos) {
        }
    }

    // ---- caller ------------------------------------------------------------------------------------------------

    /** Caller audio (whole 20 ms frames) that arrived at {@code nowNanos}. The buffer is only read. */
    void onCallerAudio(ByteBuffer frame, long nowNanos) {
        if (lastCallerFrameNanos != 0) {
            long missing = (nowNanos - lastCallerFrameNanos) / FRAME_NANOS - 1;
            if (missing > 1) {
                callerVad.silence(missing);
                callerInVoicedRun = false;
            }
        }
        lastCallerFrameNanos = nowNanos;
        callerFrameNanos = nowNanos;
        callerEnergy.feed(frame, callerSink);
    }

    private void onCallerLevel(double dbfs) {
        if (callerVad.isVoiced(dbfs)) {
            if (!callerInVoicedRun) {
                callerInVoicedRun = true;
                callerVoicedRunStartNanos = callerFrameNanos - FRAME_NANOS; // the frame arrived as it ended
            }
            lastCallerVoiceNanos = callerFrameNanos;
        } else {
            callerInVoicedRun = false;
        }
        if (callerVad.offer(dbfs) == EnergyVad.Transition.SPEECH_STARTED) {
            callerTurnPending = true;
            moments.callerSpeechStarted(callerVoicedRunStartNanos);
        }
    }

    // ---- agent -------------------------------------------------------------------------------------------------

    /**
     * One packet of agent audio (20 ms in the carrier codec) that the pacer sent toward the caller at
     * {@code sentNanos}. The buffer is only read.
     */
    void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        if (lastAgentPacketNanos != 0) {
            // Packet slots between two reported packets carried the pacer's silence.
            long missing = (sentNanos - lastAgentPacketNanos + FRAME_NANOS / 2) / FRAME_NANOS - 1;
            if (missing > 0) {
                agentVad.silence(missing);
                agentEnergy.reset();
                agentInVoicedRun = false;
            }
        }
        lastAgentPacketNanos = sentNanos;
        agentPacketNanos = sentNanos;
        agentEnergy.feed(payload, agentSink);
    }

    /**
     * Queued agent audio was dropped (barge-in): the agent's talk spurt is over, and the next audio sent is a new
     * response.
     */
    void onClear(long nowNanos) {
        agentVad.reset();
        agentEnergy.reset();
        agentInVoicedRun = false;
    }

    private void onAgentLevel(double dbfs) {
        if (agentVad.isVoiced(dbfs)) {
            if (!agentInVoicedRun) {
                agentInVoicedRun = true;
                agentVoicedRunStartNanos = agentPacketNanos;
            }
        } else {
            agentInVoicedRun = false;
        }
        if (agentVad.offer(dbfs) == EnergyVad.Transition.SPEECH_STARTED) {
            onAgentSpeechStarted(agentVoicedRunStartNanos);
        }
    }

    private void onAgentSpeechStarted(long atNanos) {
        if (!hasFirstSpeech) {
            hasFirstSpeech = true;
            firstSpeechNanos = atNanos;
        }
        if (callerTurnPending) {
            callerTurnPending = false;
            long latency = Math.max(0, atNanos - lastCallerVoiceNanos);
            add(latency);
            onTurn.accept(latency);
            moments.turn(lastCallerVoiceNanos, atNanos);
        }
    }

    private void add(long latency) {
        if (latencies == null) {
            latencies = new long[16];
        }
        if (count < MAX_SAMPLES) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, count * 2));
            }
            latencies[count] = latency;
        }
        count++;
        maxNanos = Math.max(maxNanos, latency);
    }

    // ---- results -----------------------------------------------------------------------------------------------

    /** When the packet that began the agent's first speech was sent (monotonic nanos), or 0 when it never spoke. */
    long firstSpeechNanos() {
        return hasFirstSpeech ? firstSpeechNanos : 0;
    }

    /** Turn count, median, 95th percentile (nearest rank over the kept samples) and maximum, in milliseconds. */
    TurnStats stats() {
        if (count == 0) {
            return TurnStats.NONE;
        }
        long[] sorted = Arrays.copyOf(latencies, Math.min(count, MAX_SAMPLES));
        Arrays.sort(sorted);
        return new TurnStats(count, nearestRank(sorted, 0.50) / 1e6, nearestRank(sorted, 0.95) / 1e6, maxNanos / 1e6);
    }

    static long nearestRank(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
