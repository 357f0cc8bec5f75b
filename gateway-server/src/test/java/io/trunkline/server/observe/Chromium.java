package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real headless browser: loads a page, lets its scripts run (a few seconds of virtual time, which also covers
 * their network requests), and returns the DOM as they left it. The networking flags keep Chromium from trying to
 * reach outside hosts; the gateway's page needs none.
 */
final class Chromium {
    private Chromium() {
    }

    static String dumpDom(Path dir, String url) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path log = Files.createTempFile(dir, "chromium", ".log");
        Path dom = Files.createTempFile(dir, "dom", ".html");
        List<String> command = List.of(Tools.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=4000",
                "--dump-dom", url);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dom.toFile())
                .redirectError(log.toFile()).start();
        Processes.Result result = Processes.await(process, log, 90);
        assertEquals(0, result.exitCode(), "chromium failed:\n" + result.output());
        // Chromium writes the DOM as UTF-8; read leniently, so that a stray byte cannot fail the test.
        return new String(Files.readAllBytes(dom), java.nio.charset.StandardCharsets.UTF_8);
    }
}
