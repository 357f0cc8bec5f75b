package io.trunkline.server.hostile;

import io.micrometer.core.instrument.Counter;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts real gateways on loopback for the hostile-input tests: SIP over UDP and TCP on one free port with a small
 * message limit, RTP on 127.0.0.1 with latching, a raw PCM agent, no per-source SIP rate limit and no loop-lag
 * guard (the tests send many requests from one address on a busy machine), and every record collected.
 */
final class HostileGateway {
    /** {@code sip.max-message-bytes} of the gateways under test. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024;
    static final int RETRY_AFTER_SECONDS = 3;

    private HostileGateway() {
    }

    /** Settings of one gateway under test. */
    record Options(URI agent, int maxFrameBytes, DisconnectPolicy onDisconnect, Duration rtpInactivity,
            Duration agentConnectTimeout, Duration agentReadyTimeout, int maxCalls, boolean metrics) {

        static Options of(URI agent) {
            return new Options(agent, 1 << 20, DisconnectPolicy.HANGUP, Duration.ofSeconds(30),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), 50, false);
        }

        Options maxFrameBytes(int n) {
            return new Options(agent, n, onDisconnect, rtpInactivity, agentConnectTimeout, agentReadyTimeout,
                    maxCalls, metrics);
        }

        Options onDisconnect(DisconnectPolicy p) {
            return new Options(agent, maxFrameBytes, p, rtpInactivity, agentConnectTimeout, agentReadyTimeout,
                    maxCalls, metrics);
        }

        Options rtpInactivity(Duration d) {
            return new Options(agent, maxFrameBytes, onDisconnect, d, agentConnectTimeout, agentReadyTimeout,
                    maxCalls, metrics);
        }

        Options agentTimeouts(Duration connect, Duration ready) {
            return new Options(agent, maxFrameBytes, onDisconnect, rtpInactivity, connect, ready, maxCalls,
                    metrics);
        }

        Options maxCalls(int n) {
            return new Options(agent, maxFrameBytes, onDisconnect, rtpInactivity, agentConnectTimeout,
                    agentReadyTimeout, n, metrics);
        }

        Options withMetrics() {
            return new Options(agent, maxFrameBytes, onDisconnect, rtpInactivity, agentConnectTimeout,
                    agentReadyTimeout, maxCalls, true);
        }
    }

    static RunningGateway start(Options o) throws Exception {
        return RunningGateway.start(config(o), Map.of());
    }

    /** The configuration {@link #start} runs with. */
    static GatewayConfig config(Options o) {
        SipAccessConfig d = SipAccessConfig.DEFAULTS;
        SipAccessConfig access = new SipAccessConfig(d.allowlist(), d.onDenied(), 0, d.rateBurst(), d.rateSources(),
                d.onRateLimited(), false, d.digestRealm(), d.digestUsernameEnv(), d.digestPasswordEnv(),
                d.digestNonceTtl());
        SipConfig sip = new SipConfig("127.0.0.1", FreePorts.udpAndTcp(), null, Set.of("udp", "tcp"), 4,
                MAX_MESSAGE_BYTES, 10000, access);
        int rtpBase = LoopbackConfig.randomRtpBase(30000, 4000);
        RtpConfig rtp = new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 2 * o.maxCalls() + 39, true,
                o.rtpInactivity(), 60_000, 2);
        AgentConfig agent = new AgentConfig("raw", o.agent().toString(), o.agentConnectTimeout(), o.maxFrameBytes(),
                16000, o.onDisconnect(), Duration.ofSeconds(2), Duration.ofSeconds(2), null, Map.of(),
                List.of());
        CallConfig c = CallConfig.DEFAULTS;
        CallConfig calls = new CallConfig(o.maxCalls(), AnswerPolicy.ON_AGENT_READY, o.agentReadyTimeout(),
                Duration.ofMinutes(5), RETRY_AFTER_SECONDS, Duration.ofSeconds(5), 10_000, 100_000, 100_000,
                Duration.ZERO, c.sessionExpires(), c.sessionMinExpires());
        MetricsConfig metrics = o.metrics()
                ? new MetricsConfig("127.0.0.1", FreePorts.tcp(), true, 200)
                : LoopbackConfig.metricsOff();
        return new GatewayConfig(sip, rtp, agent, calls, metrics, new RecordsConfig(""));
    }

    /** The running total of inbound {@code gateway.media.dropped} for {@code reason}, 0 before the first drop. */
    static double rtpDropped(RunningGateway gw, String reason) {
        Counter c = gw.gateway().registry().find("gateway.media.dropped").tag("direction", "in")
                .tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
