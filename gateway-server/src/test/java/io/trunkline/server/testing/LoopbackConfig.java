package io.trunkline.server.testing;

import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parts of a gateway configuration that every test gateway shares: SIP and RTP on 127.0.0.1, production limits
 * otherwise. Each test fixture picks the agent, call settings and records it needs.
 */
public final class LoopbackConfig {
    private LoopbackConfig() {
    }

    /** SIP on 127.0.0.1:{@code port} over {@code transports} ({@code udp}, {@code tcp}). */
    public static SipConfig sip(int port, String... transports) {
        return new SipConfig("127.0.0.1", port, null, Set.of(transports), 4, 65536, 10000);
    }

    /** RTP on 127.0.0.1 from {@code portMin} (even), {@code ports} ports in all. */
    public static RtpConfig rtp(int portMin, int ports) {
        return new RtpConfig("127.0.0.1", null, portMin, portMin + ports - 1, true, Duration.ofSeconds(30), 60_000, 2);
    }

    /**
     * An even port from {@code lowest} up, one of {@code choices}. A random range keeps concurrent test runs on one
     * machine apart; the allocator skips ports in use anyway.
     */
    public static int randomRtpBase(int lowest, int choices) {
        return lowest + 2 * ThreadLocalRandom.current().nextInt(choices);
    }

    /** Call settings with a 5 s drain and 10 s of early audio. */
    public static CallConfig calls(int maxCalls, AnswerPolicy policy, Duration agentReadyTimeout,
            Duration maxDuration, int retryAfterSeconds) {
        return new CallConfig(maxCalls, policy, agentReadyTimeout, maxDuration, retryAfterSeconds,
                Duration.ofSeconds(5), 10_000);
    }

    /** The metrics endpoint configured but not started. */
    public static MetricsConfig metricsOff() {
        return new MetricsConfig("127.0.0.1", 9464);
    }
}
