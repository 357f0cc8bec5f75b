package io.trunkline.ws.vapi;

/**
 * Turn timing as Vapi reports it in {@code speech-update} messages: from the user's speech stopping to the
 * assistant's speech starting, by Vapi's own endpointing. It complements the gateway's measurement on the audio
 * (which includes the network and the playout queue): the difference is time spent between Vapi and the caller.
 * Speech updates never flush the playout queue; only {@code user-interrupted} does. One instance per call, used
 * on the call's loop.
 */
final class SpeechTurns {

    private long userStoppedNanos;
    private boolean userSpeaking;
    private int turns;
    private long lastTurnNanos = -1;

    /** A {@code speech-update}; {@code role} and {@code status} as Vapi sends them (null when absent). */
    void onSpeechUpdate(String role, String status, long nowNanos) {
        if ("user".equals(role)) {
            if ("started".equals(status)) {
                userSpeaking = true;
                userStoppedNanos = 0;
            } else if ("stopped".equals(status)) {
                userSpeaking = false;
                userStoppedNanos = nowNanos;
            }
        } else if ("assistant".equals(role) && "started".equals(status) && userStoppedNanos != 0 && !userSpeaking) {
            lastTurnNanos = nowNanos - userStoppedNanos;
            turns++;
            userStoppedNanos = 0;
        }
    }

    /** Completed turns: the user stopped, then the assistant started. */
    int turns() {
        return turns;
    }

    /** The latest turn's latency in nanoseconds, or -1 before the first. */
    long lastTurnNanos() {
        return lastTurnNanos;
    }
}
