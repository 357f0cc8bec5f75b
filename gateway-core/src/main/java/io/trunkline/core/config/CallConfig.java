package io.trunkline.core.config;

import java.time.Duration;

/**
 * Call admission and life-cycle settings.
 *
 * @param maxConcurrentCalls    more calls get 503 with Retry-After
 * @param answerPolicy          when to send 200 OK
 * @param agentReadyTimeout     how long to wait for the agent before giving up (503, or BYE when answered)
 * @param maxDuration           answered calls are ended after this long
 * @param retryAfterSeconds     Retry-After on 503s
 * @param drainTimeout          on shutdown, how long active calls may continue before they get BYE
 * @param earlyAudioMillis      with immediate answer, how much caller audio is buffered until the agent is ready
 */
public record CallConfig(
        int maxConcurrentCalls,
        AnswerPolicy answerPolicy,
        Duration agentReadyTimeout,
        Duration maxDuration,
        int retryAfterSeconds,
        Duration drainTimeout,
        int earlyAudioMillis) {

    public static final CallConfig DEFAULTS = new CallConfig(500, AnswerPolicy.ON_AGENT_READY,
            Duration.ofSeconds(5), Duration.ofHours(4), 5, Duration.ofSeconds(30), 10_000);

    public CallConfig {
        Check.range("calls.max-concurrent", maxConcurrentCalls, 1, 100_000);
        if (answerPolicy == null) {
            throw new ConfigException("calls.answer-policy", "on-agent-ready or immediate", null);
        }
        Check.positive("calls.agent-ready-timeout", agentReadyTimeout);
        Check.positive("calls.max-duration", maxDuration);
        Check.range("calls.retry-after-seconds", retryAfterSeconds, 0, 3600);
        Check.positive("calls.drain-timeout", drainTimeout);
        Check.range("calls.early-audio-millis", earlyAudioMillis, 0, 120_000);
    }
}
