package io.trunkline.server.observe;

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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real gateway on loopback with the embedded demo agent and its metrics endpoint on a free port, its records in
 * {@code dir/calls.jsonl} and in {@link #records()}, plus an HTTP client for the endpoint.
 */
final class ObservedGateway implements AutoCloseable {
    private final Gateway gateway;
    private final List<CallRecord> records;
    private final int sipPort;
    private final Path recordFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ObservedGateway(Gateway gateway, List<CallRecord> records, int sipPort, Path recordFile) {
        this.gateway = gateway;
        this.records = records;
        this.sipPort = sipPort;
        this.recordFile = recordFile;
    }

    static ObservedGateway start(Path dir) throws Exception {
        int sipPort = freeUdpPort(); // SIP over UDP only
        // A random range keeps concurrent runs on one machine apart; the allocator skips ports in use anyway.
        int rtpBase = 42000 + 2 * ThreadLocalRandom.current().nextInt(4000);
        Path recordFile = dir.resolve("calls.jsonl");
        GatewayConfig config = new GatewayConfig(
                new SipConfig("127.0.0.1", sipPort, null, Set.of("udp"), 4, 65536, 10000),
                new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 399, true, Duration.ofSeconds(30), 60_000, 2),
                AgentConfig.DEFAULTS,
                new CallConfig(100, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(10), 5,
                        Duration.ofSeconds(5), 10_000),
                new MetricsConfig("127.0.0.1", 0, true, 200),
                new RecordsConfig(recordFile.toString()));
        List<CallRecord> records = new CopyOnWriteArrayList<>();
        Gateway gateway = Gateway.start(config, records::add, Map.of());
        return new ObservedGateway(gateway, records, sipPort, recordFile);
    }

    Gateway gateway() {
        return gateway;
    }

    List<CallRecord> records() {
        return records;
    }

    int sipPort() {
        return sipPort;
    }

    Path recordFile() {
        return recordFile;
    }

    InetSocketAddress metrics() {
        return gateway.metricsAddress();
    }

    String url(String path) {
        return "http://127.0.0.1:" + metrics().getPort() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
    }

    static int freeUdpPort() {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return udp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
