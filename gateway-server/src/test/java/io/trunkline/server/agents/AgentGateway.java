package io.trunkline.server.agents;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.ws.vapi.VapiConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts real gateways on loopback in front of a Vapi or Twilio-format agent: SIP over UDP on a free port, RTP on
 * 127.0.0.1, the Vapi key handed over through the environment map (as production reads it from the process
 * environment), and every call record collected through the record tap.
 */
final class AgentGateway {
    static final String KEY_ENV = "TRUNKLINE_TEST_VAPI_KEY";
    static final String KEY = "sk-test-0123456789abcdef";
    static final String ASSISTANT_ID = "asst-e2e-1";
    /** The configured Retry-After, distinct from Vapi's own default (5 s) so the tests can tell which one won. */
    static final int RETRY_AFTER_SECONDS = 7;
    static final Duration WAIT = Duration.ofSeconds(10);

    private AgentGateway() {
    }

    /** The agent settings the tests vary; everything else keeps its default. */
    record Agent(DisconnectPolicy onDisconnect, Duration stallTimeout, int maxFrameBytes, String fallbackUri,
            Duration vapiRequestTimeout) {
        static final Agent DEFAULTS = new Agent(DisconnectPolicy.HANGUP, Duration.ofSeconds(2), 1 << 20, null,
                Duration.ofSeconds(3));

        Agent onDisconnect(DisconnectPolicy p) {
            return new Agent(p, stallTimeout, maxFrameBytes, fallbackUri, vapiRequestTimeout);
        }

        Agent stallTimeout(Duration d) {
            return new Agent(onDisconnect, d, maxFrameBytes, fallbackUri, vapiRequestTimeout);
        }

        Agent maxFrameBytes(int n) {
            return new Agent(onDisconnect, stallTimeout, n, fallbackUri, vapiRequestTimeout);
        }

        Agent fallbackUri(String uri) {
            return new Agent(onDisconnect, stallTimeout, maxFrameBytes, uri, vapiRequestTimeout);
        }

        Agent vapiRequestTimeout(Duration d) {
            return new Agent(onDisconnect, stallTimeout, maxFrameBytes, fallbackUri, d);
        }

        /** {@code agent.kind: vapi} against the API at {@code baseUrl}, PCM16 at 16 kHz. */
        AgentConfig vapi(URI baseUrl) {
            VapiConfig vapi = new VapiConfig(baseUrl.toString(), KEY_ENV, ASSISTANT_ID, "", "pcm_s16le",
                    VapiConfig.DEFAULT_DTMF_MESSAGE, vapiRequestTimeout);
            return new AgentConfig("vapi", null, Duration.ofSeconds(5), maxFrameBytes, 16000, onDisconnect,
                    Duration.ofSeconds(3), stallTimeout, fallbackUri, Map.of(), List.of(vapi));
        }

        /** {@code agent.kind: twilio-stream} at {@code url}, with one configured custom parameter. */
        AgentConfig twilioStream(URI url) {
            return new AgentConfig("twilio-stream", url.toString(), Duration.ofSeconds(5), maxFrameBytes, 16000,
                    onDisconnect, Duration.ofSeconds(3), stallTimeout, fallbackUri, Map.of("route", "e2e"),
                    List.of());
        }
    }

    static RunningGateway start(AgentConfig agent) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 4000), 200),
                agent,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), Duration.ofMinutes(5),
                        RETRY_AFTER_SECONDS),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        return RunningGateway.start(config, Map.of(KEY_ENV, KEY));
    }
}
