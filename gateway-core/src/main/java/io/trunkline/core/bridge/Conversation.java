package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/**
 * What the caller and the agent say to each other, as the call's record and metrics see it: the voice activity of
 * both directions (turns, first speech: {@link TurnTracker}), barge-ins and key presses. Fed by the call as audio
 * passes; confined to the call's loop.
 */
final class Conversation {
    private final TurnTracker turns;
    private final CallObserver observer;
    private final String agentKind;
    private final StringBuilder digits = new StringBuilder();
    private int bargeIns;

    /**
     * @param agentFormat the format in which the caller's audio reaches the call
     * @param carrier     the carrier codec, in which the packets sent to the caller are reported
     */
    Conversation(AudioFormat agentFormat, AudioFormat carrier, CallObserver observer, String agentKind) {
        this.observer = observer;
        this.agentKind = agentKind;
        this.turns = new TurnTracker(agentFormat, carrier, nanos -> observer.turnLatency(agentKind, nanos));
    }

    void callerAudio(ByteBuffer frame) {
        turns.onCallerAudio(frame, System.nanoTime());
    }

    void agentAudioSent(ByteBuffer payload, long sentNanos) {
        turns.onAgentAudioSent(payload, sentNanos);
    }

    /** The agent's queued playback was dropped because the caller spoke over it. */
    void bargeIn() {
        bargeIns++;
        turns.onClear(System.nanoTime());
        observer.bargeIn(agentKind);
    }

    void dtmf(DtmfDigit digit) {
        digits.append(digit.digit());
    }

    TurnTracker turns() {
        return turns;
    }

    int bargeIns() {
        return bargeIns;
    }

    String digits() {
        return digits.toString();
    }
}
