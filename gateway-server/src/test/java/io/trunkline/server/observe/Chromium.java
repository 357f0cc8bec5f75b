package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Tools;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless browser: loads a page, lets its scripts run (a few seconds of virtual time, which also covers
 * their network requests), and returns the DOM as they left it. The networking flags keep Chromium from trying to
 * reach outside hosts; the gateway's page needs none. {@link #visit} also keeps what the page wrote to its console,
 * every URL it requested (from Chromium's network log), and a screenshot.
 */
final class Chromium {
    /** The window a page is judged in: the size of a laptop's browser window. */
    static final int WIDTH = 1400;

    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[^\\]]*\\]\\s*(.*)");

    private Chromium() {
    }

    /**
     * What one visit of a page left behind.
     *
     * @param dom      the DOM once the page's scripts had run
     * @param console  every message the page wrote to its console (the gateway's pages write none: any message,
     *                 an uncaught exception or a failed load included, is a fault)
     * @param requests the URLs the page requested: the page itself and everything it loaded or fetched
     * @param browser  URLs Chromium requested on its own behalf (its update and time services, which the host
     *                 resolver rules keep from resolving), not counted as the page's
     */
    record Visit(String dom, List<String> console, List<String> requests, List<String> browser) {

        /** The page's requested URLs that are not on the loopback interface (nor browser-internal). */
        List<String> offLoopback() {
            List<String> off = new ArrayList<>();
            for (String url : requests) {
                if (url.startsWith("data:") || url.startsWith("about:") || url.startsWith("chrome")
                        || url.startsWith("blob:")) {
                    continue;
                }
                String host = URI.create(url).getHost();
                if (host == null || !(host.startsWith("127.") || host.equals("localhost"))) {
                    off.add(url);
                }
            }
            return off;
        }
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

    /**
     * Loads {@code url} in a {@link #WIDTH}-pixel window: once for the DOM, the console and the network log, once
     * for a screenshot written to {@code screenshot}. Host names other than loopback do not resolve, so a request
     * that would leave the machine fails, and still shows in {@link Visit#requests()}.
     */
    static Visit visit(Path dir, String url, Path screenshot, int height) throws Exception {
        Path netLog = Files.createTempFile(dir, "netlog", ".json");
        Path log = Files.createTempFile(dir, "chromium", ".log");
        Path dom = Files.createTempFile(dir, "dom", ".html");
        List<String> command = new ArrayList<>(flags(dir, height));
        command.addAll(List.of("--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog,
                "--net-log-capture-mode=Default", "--dump-dom", url));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dom.toFile())
                .redirectError(log.toFile()).start();
        Processes.Result result = Processes.await(process, log, 90);
        assertEquals(0, result.exitCode(), "chromium failed:\n" + result.output());

        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            Matcher m = CONSOLE.matcher(line);
            if (m.find()) {
                console.add(m.group(1));
            }
        }
        TreeSet<String> requests = new TreeSet<>();
        TreeSet<String> browser = new TreeSet<>();
        // Every request job in the network log: the page's carry its origin as initiator (the navigation, none).
        JsonNode net = CallRecordJson.mapper().readTree(netLog.toFile());
        int startJob = net.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        for (JsonNode event : net.path("events")) {
            if (event.path("type").asInt() == startJob) {
                String requested = event.path("params").path("url").asText();
                String initiator = event.path("params").path("initiator").asText("");
                boolean byPage = initiator.startsWith("http") || requested.equals(url);
                (byPage ? requests : browser).add(requested);
            }
        }

        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        List<String> shot = new ArrayList<>(flags(dir, height));
        shot.addAll(List.of("--hide-scrollbars", "--screenshot=" + screenshot.toAbsolutePath(), url));
        Path shotLog = Files.createTempFile(dir, "chromium-shot", ".log");
        Processes.Result taken = Processes.run(dir, shotLog, 90, shot);
        assertEquals(0, taken.exitCode(), "chromium screenshot failed:\n" + taken.output());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of " + url + " in " + screenshot);
        return new Visit(new String(Files.readAllBytes(dom), StandardCharsets.UTF_8), console,
                List.copyOf(requests), List.copyOf(browser));
    }

    private static List<String> flags(Path dir, int height) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        return List.of(Tools.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--disable-extensions", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--window-size=" + WIDTH + "," + height, "--virtual-time-budget=5000");
    }
}
