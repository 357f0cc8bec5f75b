package io.trunkline.server.twiml;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.ws.twiml.TwimlConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A gateway on loopback whose agent is {@code twiml}, asking a test application, with the metrics port open. */
final class TwimlGateway {
    static final String TOKEN_ENV = "TRUNKLINE_TEST_TWILIO_AUTH_TOKEN";
    static final String TOKEN = "c0ffee0123456789abcdef0123456789";
    static final String ACCOUNT = "AC" + "ab".repeat(16);

    private TwimlGateway() {
    }

    /** The {@code twiml} section: the given URLs, signed, loopback trusted for callbacks. */
    static TwimlConfig config(String voiceUrl, String fallbackUrl, Duration timeout, int failureResponse,
            String statusCallback) {
        return new TwimlConfig(voiceUrl, "POST", fallbackUrl, timeout, TOKEN_ENV, ACCOUNT, failureResponse,
                statusCallback, "POST", List.of("127.0.0.1"), Duration.ofSeconds(20));
    }

    static RunningGateway start(TwimlConfig twiml) throws Exception {
        return RunningGateway.start(config(twiml), Map.of(TOKEN_ENV, TOKEN));
    }

    /** The gateway's configuration around {@code twiml}. */
    static GatewayConfig config(TwimlConfig twiml) {
        AgentConfig agent = new AgentConfig("twiml", null, Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, null, List.of(twiml),
                null);
        CallConfig calls = new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4),
                Duration.ofMinutes(5), 5, Duration.ofSeconds(1), 10_000);
        int rtpBase = LoopbackConfig.randomRtpBase(46000, 2000);
        RtpConfig rtp = new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 199, true, Duration.ofSeconds(30), 60_000,
                2);
        GatewayConfig config = new GatewayConfig(LoopbackConfig.sip(FreePorts.udp(), "udp"), rtp, agent, calls,
                new MetricsConfig("127.0.0.1", 0, true, 50), new RecordsConfig(""));
        return config;
    }
}
