package io.trunkline.server.e2e;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts real gateways on loopback for end-to-end tests and collects their call records. */
final class TestGateways {
    private TestGateways() {
    }

    /** A gateway under test with the records it wrote. */
    record Running(Gateway gateway, List<CallRecord> records, int sipPort) implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
        }
    }

    static GatewayConfig config(Path dir, int sipPort, int rtpBase, AgentConfig agent, CallConfig calls) {
        return new GatewayConfig(
                new SipConfig("127.0.0.1", sipPort, null, Set.of("udp", "tcp"), 4, 65536, 10000),
                new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 999, true, Duration.ofSeconds(30), 60_000, 2),
                agent,
                calls,
                new MetricsConfig("127.0.0.1", 9464),
                new RecordsConfig(dir.resolve("calls.jsonl").toString()));
    }

    static CallConfig calls(int maxCalls, AnswerPolicy policy) {
        return new CallConfig(maxCalls, policy, Duration.ofSeconds(3), Duration.ofMinutes(10), 5,
                Duration.ofSeconds(5), 10_000);
    }

    static Running start(Path dir, int rtpBase, AgentConfig agent, CallConfig calls) throws Exception {
        int port = freeSipPort();
        List<CallRecord> records = new CopyOnWriteArrayList<>();
        Gateway gateway = Gateway.start(config(dir, port, rtpBase, agent, calls), records::add);
        return new Running(gateway, records, port);
    }

    static Running startDemo(Path dir, int rtpBase) throws Exception {
        return start(dir, rtpBase, AgentConfig.DEFAULTS, calls(100, AnswerPolicy.ON_AGENT_READY));
    }

    /** A port free for both UDP and TCP on loopback, right now. */
    static int freeSipPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // TCP side in use: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port for SIP");
    }

    static int freeUdpPort() {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return udp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
