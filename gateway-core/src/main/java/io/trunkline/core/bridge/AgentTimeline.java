package io.trunkline.core.bridge;

import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.record.AgentTimings;
import java.util.OptionalLong;

/** Monotonic time stamps of a call's agent connection, turned into the record's agent timings. */
final class AgentTimeline {
    long connectStartNanos;
    long readyNanos;
    /** Empty phases when the connector does not report them. */
    ConnectPhases phases = ConnectPhases.UNKNOWN;
    int errors;

    /** Milliseconds from the connect start to ready, or NaN before ready. */
    double connectMillis() {
        return readyNanos == 0 ? Double.NaN : (readyNanos - connectStartNanos) / 1e6;
    }

    /**
     * @param answeredNanos    when 200 OK went out, or 0
     * @param firstAudioNanos  when the agent's first audio reached the media leg, or 0
     * @param firstSpeechNanos when the agent's first speech was played, or 0
     * @param reconnects       reconnects during the call
     */
    AgentTimings toTimings(long answeredNanos, long firstAudioNanos, long firstSpeechNanos, int reconnects) {
        return new AgentTimings(connectMillis(), sinceAnswer(firstAudioNanos, answeredNanos),
                sinceAnswer(firstSpeechNanos, answeredNanos), millis(phases.restNanos()),
                millis(phases.webSocketNanos()), reconnects, errors);
    }

    private static double sinceAnswer(long nanos, long answeredNanos) {
        return nanos == 0 || answeredNanos == 0 ? Double.NaN : Math.max(0, nanos - answeredNanos) / 1e6;
    }

    private static double millis(OptionalLong nanos) {
        return nanos.isPresent() ? nanos.getAsLong() / 1e6 : Double.NaN;
    }
}
