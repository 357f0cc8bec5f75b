package io.trunkline.server.inbound;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import java.net.URI;
import java.time.Duration;

/**
 * Starts real gateways on loopback for inbound-call tests: SIP over UDP on a free port, RTP on 127.0.0.1, a raw PCM
 * agent at 16 kHz at the given URI, and every call record collected through the record tap.
 */
final class InboundGateway {
    static final int RETRY_AFTER_SECONDS = 5;
    /** Agent WebSocket connect timeout: longer than any call-level timeout used here, so the call's own wins. */
    static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private InboundGateway() {
    }

    /** Settings of one gateway under test. */
    record Options(URI agent, int maxCalls, AnswerPolicy answerPolicy, Duration agentReadyTimeout) {
        static Options of(URI agent) {
            return new Options(agent, 10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(10));
        }

        Options maxCalls(int n) {
            return new Options(agent, n, answerPolicy, agentReadyTimeout);
        }

        Options agentReadyTimeout(Duration d) {
            return new Options(agent, maxCalls, answerPolicy, d);
        }
    }

    static RunningGateway start(Options options) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(40000, 5000), 200),
                new AgentConfig("raw", options.agent().toString(), AGENT_CONNECT_TIMEOUT, 1 << 20),
                LoopbackConfig.calls(options.maxCalls(), options.answerPolicy(), options.agentReadyTimeout(),
                        Duration.ofMinutes(5), RETRY_AFTER_SECONDS),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        return RunningGateway.start(config, System.getenv());
    }
}
