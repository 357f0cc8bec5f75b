package io.trunkline.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.ToolOutput;
import io.trunkline.server.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus}) on loopback that scrapes one target every second and evaluates
 * the given rule file, with its data in a temporary directory. Queried over its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PrometheusServer start(Path dir, String target, Path rules) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: trunkline
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(rules.toAbsolutePath(), target));
        int port = FreePorts.tcp();
        Path log = dir.resolve("prometheus.log");
        Process process = Processes.start(dir, log, List.of(Tools.PROMETHEUS.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port));
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            Await.until(Duration.ofSeconds(30), "Prometheus ready", server::ready);
        } catch (AssertionError e) {
            server.close();
            throw new AssertionError(e.getMessage() + "\n" + ToolOutput.read(log), e);
        }
        return server;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited");
        }
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The {@code data} of an instant query; fails unless Prometheus answers {@code success}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + "\n" + response.body());
        }
        return body.path("data");
    }

    /** The single value of a query returning one sample, or NaN when it returns none. */
    double scalar(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql).path("result");
        if (!result.isArray() || result.isEmpty()) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The loaded rule groups ({@code /api/v1/rules}). */
    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body()).path("data").path("groups");
    }

    /** Scrape targets and their health ({@code /api/v1/targets}). */
    JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/targets").body()).path("data").path("activeTargets");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return ToolOutput.read(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
