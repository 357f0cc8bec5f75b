package io.trunkline.server.observe;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.MetricsConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.server.Gateway;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real gateway on loopback with the embedded demo agent and its metrics endpoint on a free port, its records in
 * {@code dir/calls.jsonl} and in {@link #records()}, plus an HTTP client for the endpoint.
 */
final class ObservedGateway implements AutoCloseable {
    private final RunningGateway running;
    private final Path recordFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ObservedGateway(RunningGateway running, Path recordFile) {
        this.running = running;
        this.recordFile = recordFile;
    }

    static ObservedGateway start(Path dir) throws Exception {
        Path recordFile = dir.resolve("calls.jsonl");
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 4000), 400),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(100, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(10),
                        5),
                new MetricsConfig("127.0.0.1", 0, true, 200),
                new RecordsConfig(recordFile.toString()));
        return new ObservedGateway(RunningGateway.start(config, Map.of()), recordFile);
    }

    Gateway gateway() {
        return running.gateway();
    }

    List<CallRecord> records() {
        return running.records();
    }

    int sipPort() {
        return running.sipPort();
    }

    Path recordFile() {
        return recordFile;
    }

    InetSocketAddress metrics() {
        return gateway().metricsAddress();
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
        running.close();
    }
}
