package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.record.TimelineEvent;
import java.nio.ByteBuffer;

/**
 * What the caller and the agent say to each other, as the call's record and metrics see it: the voice activity of
 * both directions (turns, first speech: {@link TurnTracker}), barge-ins and key presses, and when each happened, for
 * the call's timeline ({@link TimelineLog}). Fed by the call as audio passes; confined to the call's loop.
 */
final class Conversation {
    private final TurnTracker turns;
    private final CallObserver observer;
    private final String agentKind;
    private final StringBuilder digits = new StringBuilder();
    private final TimelineLog timeline;
    private int bargeIns;

    /**
     * @param agentFormat the format in which the caller's audio reaches the call
     * @param carrier     the carrier codec, in which the packets sent to the caller are reported
     */
    Conversation(AudioFormat agentFormat, AudioFormat carrier, CallObserver observer, String agentKind,
            TimelineLog timeline) {
        this.observer = observer;
        this.agentKind = agentKind;
        this.timeline = timeline;
        this.turns = new TurnTracker(agentFormat, carrier, nanos -> observer.turnLatency(agentKind, nanos),
                new TurnTracker.Moments() {
                    @Override
                    public void callerSpeechStarted(long nanos) {
                        timeline.instant(TimelineEvent.CALLER_SPEECH, nanos);
                    }

                    @Override
                    public void turn(long callerStoppedNanos, long agentStartedNanos) {
                        timeline.span(TimelineEvent.TURN, callerStoppedNanos, agentStartedNanos);
                    }
                });
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
        long now = System.nanoTime();
        turns.onClear(now);
        timeline.instant(TimelineEvent.BARGE_IN, now);
        observer.bargeIn(agentKind);
    }

    void dtmf(DtmfDigit digit) {
        digits.append(digit.digit());
        // Reported when the key is released: the press began its duration earlier.
        long pressed = System.nanoTime() - digit.durationMillis() * 1_000_000L;
        timeline.detail(TimelineEvent.DTMF, pressed, digit.durationMillis(), String.valueOf(digit.digit()));
    }

    /** The agent asked to transfer the call to {@code destination}. */
    void transferRequested(String destination) {
        timeline.detail(TimelineEvent.TRANSFER, System.nanoTime(), Double.NaN, destination);
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
