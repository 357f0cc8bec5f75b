package io.trunkline.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml without Docker: it parses, builds the gateway from docker/Dockerfile on the host's network,
 * mounts only files that exist, and Prometheus and Grafana point at each other and at the gateway's default port.
 */
class ComposeFileTest {
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE);
        services = compose.path("services");
    }

    @Test
    void runsTheGatewayPrometheusAndGrafanaOnTheHostNetwork() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("gateway", "prometheus", "grafana"), Set.copyOf(names));
        for (String name : names) {
            assertEquals("host", services.path(name).path("network_mode").asText(),
                    name + ": host networking (RTP port ranges do not suit Docker's userland proxy)");
            assertTrue(services.path(name).path("ports").isMissingNode(),
                    name + ": no port mappings with host networking");
        }
    }

    @Test
    void buildsTheGatewayFromTheDockerfileWithALongerStopGraceThanTheDrain() throws Exception {
        JsonNode build = services.path("gateway").path("build");
        Path context = DeployFiles.DOCKER.resolve(build.path("context").asText()).normalize();
        assertEquals(DeployFiles.ROOT, context, "the repository root is the build context");
        assertEquals(DeployFiles.DOCKERFILE, context.resolve(build.path("dockerfile").asText()).normalize());

        services.path("gateway").path("environment").fieldNames().forEachRemaining(name -> assertFalse(
                name.startsWith("TRUNKLINE_"), name + " would override the mounted configuration file"));

        String grace = services.path("gateway").path("stop_grace_period").asText();
        String drain = DeployFiles.defaultConfig().path("calls").path("drain-timeout").asText();
        assertTrue(seconds(grace) > seconds(drain), "stop grace " + grace + " exceeds calls.drain-timeout " + drain);
    }

    @Test
    void everyMountedFileExists() {
        List<String> checked = new ArrayList<>();
        for (JsonNode service : services) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertTrue(Files.exists(DeployFiles.DOCKER.resolve(source).normalize()), "mounted: " + source);
                    checked.add(source);
                }
            }
        }
        assertTrue(checked.containsAll(List.of("./prometheus/prometheus-compose.yml", "./prometheus/alerts.yml",
                "./grafana/provisioning", "./grafana/trunkline-dashboard.json")), checked.toString());
    }

    @Test
    void prometheusScrapesTheGatewayAndLoadsTheAlertRules() throws Exception {
        Map<String, String> mounts = mounts("prometheus");
        List<String> args = new ArrayList<>();
        services.path("prometheus").path("command").forEach(a -> args.add(a.asText()));
        String configInContainer = flag(args, "--config.file");
        String configFile = mounts.get(configInContainer);
        JsonNode prometheus = DeployFiles.yaml(DeployFiles.DOCKER.resolve(configFile));

        String rules = prometheus.path("rule_files").get(0).asText();
        Path rulesInContainer = Path.of(configInContainer).resolveSibling(rules);
        assertEquals("./prometheus/alerts.yml", mounts.get(rulesInContainer.toString()),
                "the alert rules sit where the configuration names them");

        int metricsPort = DeployFiles.defaultConfig().path("metrics").path("port").asInt();
        String metricsAddress = DeployFiles.defaultConfig().path("metrics").path("bind-address").asText();
        JsonNode targets = prometheus.path("scrape_configs").get(0).path("static_configs").get(0).path("targets");
        assertEquals(metricsAddress + ":" + metricsPort, targets.get(0).asText(),
                "the gateway's default metrics address, reachable on the host network");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() throws Exception {
        Map<String, String> mounts = mounts("grafana");
        Path provisioning = DeployFiles.DOCKER.resolve(mounts.get("/etc/grafana/provisioning"));
        JsonNode datasource = DeployFiles.yaml(provisioning.resolve("datasources/prometheus.yaml"))
                .path("datasources").get(0);
        assertEquals("prometheus", datasource.path("type").asText());
        List<String> args = new ArrayList<>();
        services.path("prometheus").path("command").forEach(a -> args.add(a.asText()));
        assertEquals("http://" + flag(args, "--web.listen-address"), datasource.path("url").asText(),
                "Grafana queries the Prometheus of the compose file");

        JsonNode provider = DeployFiles.yaml(provisioning.resolve("dashboards/trunkline.yaml"))
                .path("providers").get(0);
        String dashboardsDir = provider.path("options").path("path").asText();
        String dashboard = mounts.get(dashboardsDir + "/trunkline-dashboard.json");
        assertEquals("./grafana/trunkline-dashboard.json", dashboard,
                "the dashboard is mounted where the provider looks for it");
        JsonNode json = DeployFiles.yaml(DeployFiles.DOCKER.resolve(dashboard));
        assertFalse(json.path("panels").isEmpty(), "the dashboard has panels");
    }

    /** Container path to host path of a service's bind mounts. */
    private static Map<String, String> mounts(String service) {
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode volume : services.path(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    private static String flag(List<String> args, String name) {
        return args.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + args));
    }

    private static long seconds(String duration) {
        if (duration.endsWith("ms")) {
            return Long.parseLong(duration.substring(0, duration.length() - 2)) / 1000;
        }
        long value = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> value;
            case 'm' -> value * 60;
            case 'h' -> value * 3600;
            default -> throw new AssertionError("unexpected duration " + duration);
        };
    }
}
