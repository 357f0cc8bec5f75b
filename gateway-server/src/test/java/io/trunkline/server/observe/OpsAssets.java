package io.trunkline.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checked-in Grafana dashboard and Prometheus alert rules, and the metric names their queries use. */
final class OpsAssets {
    static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    static final Path DASHBOARD = DOCKER.resolve("grafana/trunkline-dashboard.json");
    static final Path ALERTS = DOCKER.resolve("prometheus/alerts.yml");
    static final Path PROMETHEUS_CONFIG = DOCKER.resolve("prometheus/prometheus.yml");

    /**
     * Series the gateway exports: its own and Micrometer's JVM, process, system and Netty binders. Other names in an
     * expression are PromQL functions, keywords, label names or Prometheus' own series.
     */
    private static final Pattern METRIC = Pattern.compile("\\b((?:gateway|jvm|process|netty|system)_[a-z0-9_]+)");

    private OpsAssets() {
    }

    /** Every {@code expr} of the dashboard's panels and of the alert rules. */
    static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        JsonNode alerts = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
        for (JsonNode group : alerts.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                exprs.add(rule.path("expr").asText());
            }
        }
        return exprs;
    }

    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sample names of a Prometheus text scrape. */
    static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
