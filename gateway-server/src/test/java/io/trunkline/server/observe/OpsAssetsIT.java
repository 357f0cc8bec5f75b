package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in Prometheus rules and configuration pass Prometheus' own checker. */
class OpsAssetsIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tools.require(Tools.PROMTOOL, "prometheus");
    }

    @Test
    void promtoolAcceptsTheAlertRulesAndTheExampleConfiguration() throws Exception {
        Processes.Result rules = Processes.run(dir, dir.resolve("rules.log"), 60,
                List.of(Tools.PROMTOOL.toString(), "check", "rules", OpsAssets.ALERTS.toString()));
        assertEquals(0, rules.exitCode(), rules.output());
        assertTrue(rules.output().contains("SUCCESS: 12 rules found"), rules.output());
        Processes.Result config = Processes.run(dir, dir.resolve("config.log"), 60,
                List.of(Tools.PROMTOOL.toString(), "check", "config", OpsAssets.PROMETHEUS_CONFIG.toString()));
        assertEquals(0, config.exitCode(), config.output());
    }
}
