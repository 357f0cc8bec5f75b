package io.trunkline.server.inbound;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real gateway on loopback for inbound-call tests: SIP over UDP on a free port, RTP on 127.0.0.1, a raw PCM agent
 * at 16 kHz at the given URI, and every call record collected through the record tap.
 */
final class InboundGateway implements AutoCloseable {
    static final int RETRY_AFTER_SECONDS = 5;
    /** Agent WebSocket connect timeout: longer than any call-level timeout used here, so the call's own wins. */
    static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Gateway gateway;
    private final List<CallRecord> records;
    private final int sipPort;

    private InboundGateway(Gateway gateway, List<CallRecord> records, int sipPort) {
        this.gateway = gateway;
        this.records = records;
        this.sipPort = sipPort;
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

    static InboundGateway start(Options options) throws Exception {
        List<CallRecord> records = new CopyOnWriteArrayList<>();
        int sipPort = freeUdpPort();
        // A random range keeps concurrent test runs on one machine apart; the allocator skips ports in use anyway.
        int rtpBase = 40000 + 2 * ThreadLocalRandom.current().nextInt(5000);
        GatewayConfig config = new GatewayConfig(
                new SipConfig("127.0.0.1", sipPort, null, Set.of("udp"), 4, 65536, 10000),
                new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 199, true, Duration.ofSeconds(30), 60_000, 2),
                new AgentConfig("raw", options.agent().toString(), AGENT_CONNECT_TIMEOUT, 1 << 20),
                new CallConfig(options.maxCalls(), options.answerPolicy(), options.agentReadyTimeout(),
                        Duration.ofMinutes(5), RETRY_AFTER_SECONDS, Duration.ofSeconds(5), 10_000),
                new MetricsConfig("127.0.0.1", 9464),
                new RecordsConfig(""));
        return new InboundGateway(Gateway.start(config, records::add), records, sipPort);
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

    /** Waits for the record of the call with SIP Call-ID {@code sipCallId}. */
    CallRecord awaitRecord(String sipCallId) {
        return Await.value(Duration.ofSeconds(10), "the call record of " + sipCallId, () -> {
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
        Await.until(Duration.ofSeconds(10), "no active calls", () -> gateway.bridge().activeCalls() == 0);
    }

    /** A loopback UDP port free right now. */
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
