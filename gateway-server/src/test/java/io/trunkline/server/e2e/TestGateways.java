package io.trunkline.server.e2e;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Real gateways on loopback for the SIPp end-to-end tests: SIP over UDP and TCP, the embedded demo agent, records in
 * {@code dir/calls.jsonl}.
 */
final class TestGateways {
    private TestGateways() {
    }

    /** A demo-agent gateway with RTP ports from {@code rtpBase}, a thousand of them. */
    static RunningGateway startDemo(Path dir, int rtpBase) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udpAndTcp(), "udp", "tcp"),
                LoopbackConfig.rtp(rtpBase, 1000),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(100, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(3), Duration.ofMinutes(10),
                        5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(dir.resolve("calls.jsonl").toString()));
        return RunningGateway.start(config, System.getenv());
    }
}
