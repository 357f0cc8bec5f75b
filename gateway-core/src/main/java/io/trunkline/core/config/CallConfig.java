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
 * @param maxCallsPerSecond     sustained rate of new INVITEs admitted (token bucket); more get 503 with Retry-After
 * @param callsBurst            INVITEs admitted at once above the sustained rate (the bucket's size)
 * @param maxLoopLag            when an event loop runs its tasks later than this, new calls get 503 (0 = off)
 * @param sessionExpires        RFC 4028 session interval offered when the caller supports session timers but
 *                              asked for none
 * @param sessionMinExpires     smallest session interval accepted (Min-SE); smaller requests get 422
 * @param warmUp                how long the gateway may spend at start, before it reports ready, running synthetic
 *                              calls' work through its code so that the first real calls are not slow (0 = off)
 */
public record CallConfig(
        int maxConcurrentCalls,
        AnswerPolicy answerPolicy,
        Duration agentReadyTimeout,
        Duration maxDuration,
        int retryAfterSeconds,
        Duration drainTimeout,
        int earlyAudioMillis,
        int maxCallsPerSecond,
        int callsBurst,
        Duration maxLoopLag,
        Duration sessionExpires,
        Duration sessionMinExpires,
        Duration warmUp) {

    public static final CallConfig DEFAULTS = new CallConfig(500, AnswerPolicy.ON_AGENT_READY,
            Duration.ofSeconds(5), Duration.ofHours(4), 5, Duration.ofSeconds(30), 10_000, 200, 400,
            Duration.ofMillis(20), Duration.ofMinutes(30), Duration.ofSeconds(90), Duration.ofSeconds(2));

    /**
     * The settings without a warm-up at start: for embedding and tests, which start many gateways. The file and the
     * environment always set it.
     */
    public CallConfig(int maxConcurrentCalls, AnswerPolicy answerPolicy, Duration agentReadyTimeout,
            Duration maxDuration, int retryAfterSeconds, Duration drainTimeout, int earlyAudioMillis,
            int maxCallsPerSecond, int callsBurst, Duration maxLoopLag, Duration sessionExpires,
            Duration sessionMinExpires) {
        this(maxConcurrentCalls, answerPolicy, agentReadyTimeout, maxDuration, retryAfterSeconds, drainTimeout,
                earlyAudioMillis, maxCallsPerSecond, callsBurst, maxLoopLag, sessionExpires, sessionMinExpires,
                Duration.ZERO);
    }

    /**
     * The life-cycle settings with the default rate limit and session timers, and <em>without</em> the overload
     * guard ({@code maxLoopLag} 0): for embedding and tests, whose loops share a machine with other work and would
     * otherwise refuse calls on a scheduling hiccup. The file and the environment always set the guard.
     */
    public CallConfig(int maxConcurrentCalls, AnswerPolicy answerPolicy, Duration agentReadyTimeout,
            Duration maxDuration, int retryAfterSeconds, Duration drainTimeout, int earlyAudioMillis) {
        this(maxConcurrentCalls, answerPolicy, agentReadyTimeout, maxDuration, retryAfterSeconds, drainTimeout,
                earlyAudioMillis, DEFAULTS.maxCallsPerSecond, DEFAULTS.callsBurst, Duration.ZERO,
                DEFAULTS.sessionExpires, DEFAULTS.sessionMinExpires, Duration.ZERO);
    }

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
        Check.range("calls.max-calls-per-second", maxCallsPerSecond, 1, 100_000);
        Check.range("calls.calls-burst", callsBurst, 1, 100_000);
        if (maxLoopLag == null || maxLoopLag.isNegative()) {
            throw new ConfigException("calls.max-loop-lag", "a duration of 0 (off) or more", maxLoopLag);
        }
        Check.positive("calls.session-expires", sessionExpires);
        Check.positive("calls.session-min-expires", sessionMinExpires);
        if (warmUp == null || warmUp.isNegative() || warmUp.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException("calls.warm-up", "a duration from 0 (off) to 1m", warmUp);
        }
        if (sessionExpires.compareTo(sessionMinExpires) < 0) {
            throw new ConfigException("calls.session-expires", "at least calls.session-min-expires", sessionExpires);
        }
    }
}
