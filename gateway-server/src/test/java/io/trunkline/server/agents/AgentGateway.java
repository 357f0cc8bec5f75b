package io.trunkline.server.agents;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.config.VapiConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.Gateway;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real gateway on loopback in front of a Vapi or Twilio-format agent: SIP over UDP on a free port, RTP on
 * 127.0.0.1, the Vapi key handed over through the environment map (as production reads it from the process
 * environment), and every call record collected through the record tap.
 */
final class AgentGateway implements AutoCloseable {
    static final String KEY_ENV = "TRUNKLINE_TEST_VAPI_KEY";
    static final String KEY = "sk-test-0123456789abcdef";
    static final String ASSISTANT_ID = "asst-e2e-1";
    /** The configured Retry-After, distinct from Vapi's own default (5 s) so the tests can tell which one won. */
    static final int RETRY_AFTER_SECONDS = 7;
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Gateway gateway;
    private final List<CallRecord> records;
    private final int sipPort;

    private AgentGateway(Gateway gateway, List<CallRecord> records, int sipPort) {
        this.gateway = gateway;
        this.records = records;
        this.sipPort = sipPort;
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
                    Duration.ofSeconds(3), stallTimeout, fallbackUri, Map.of(), vapi);
        }

        /** {@code agent.kind: twilio-stream} at {@code url}, with one configured custom parameter. */
        AgentConfig twilioStream(URI url) {
            return new AgentConfig("twilio-stream", url.toString(), Duration.ofSeconds(5), maxFrameBytes, 16000,
                    onDisconnect, Duration.ofSeconds(3), stallTimeout, fallbackUri, Map.of("route", "e2e"),
                    VapiConfig.DEFAULTS);
        }
    }

    static AgentGateway start(AgentConfig agent) throws Exception {
        List<CallRecord> records = new CopyOnWriteArrayList<>();
        int sipPort = freeUdpPort();
        // A random range keeps concurrent test runs on one machine apart; the allocator skips ports in use anyway.
        int rtpBase = 42000 + 2 * ThreadLocalRandom.current().nextInt(4000);
        GatewayConfig config = new GatewayConfig(
                new SipConfig("127.0.0.1", sipPort, null, Set.of("udp"), 4, 65536, 10000),
                new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 199, true, Duration.ofSeconds(30), 60_000, 2),
                agent,
                new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), Duration.ofMinutes(5),
                        RETRY_AFTER_SECONDS, Duration.ofSeconds(5), 10_000),
                new MetricsConfig("127.0.0.1", 9464),
                new RecordsConfig(""));
        Gateway gateway = Gateway.start(config, records::add, Map.of(KEY_ENV, KEY));
        return new AgentGateway(gateway, records, sipPort);
    }

    int sipPort() {
        return sipPort;
    }

    Gateway gateway() {
        return gateway;
    }

    List<CallRecord> records() {
        return List.copyOf(records);
    }

    /** A SIP client for this gateway. */
    TestUac uac() throws IOException {
        return new TestUac(new UdpTransport(sipPort), sipPort);
    }

    /** Waits for the record of the call with SIP Call-ID {@code sipCallId}. */
    CallRecord awaitRecord(String sipCallId) {
        return Await.value(WAIT, "the call record of " + sipCallId, () -> {
            for (CallRecord r : records) {
                if (r.parties() != null && sipCallId.equals(r.parties().sipCallId())) {
                    return r;
                }
            }
            return null;
        });
    }

    /** Waits until no call is active. */
    void awaitIdle() {
        Await.until(WAIT, "no active calls", () -> gateway.bridge().activeCalls() == 0);
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
