package io.trunkline.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus configuration of docker/compose.yaml passes Prometheus' own checker, alert rules included. */
class DeployPrometheusConfigIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tools.require(Tools.PROMTOOL, "prometheus");
    }

    @Test
    void promtoolAcceptsTheComposePrometheusConfiguration() throws Exception {
        Path config = DeployFiles.DOCKER.resolve("prometheus/prometheus-compose.yml");
        Processes.Result result = Processes.run(dir, dir.resolve("promtool.log"), 60,
                List.of(Tools.PROMTOOL.toString(), "check", "config", config.toString()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 1 rule files found"), result.output());
    }
}
