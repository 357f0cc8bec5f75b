package io.trunkline.bench.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where and on what a run happened: date, commit, CPU. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", cpuModel());
        m.put("memTotalMb", memTotalMb());
        m.put("kernel", System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** One line: "2 × AMD EPYC". */
    public static String line() {
        return Runtime.getRuntime().availableProcessors() + " × " + cpuModel();
    }

    /** The short commit, with "+dirty" when the working tree differs from it (a read-only check). */
    public static String commit() {
        String head = run("git", "rev-parse", "--short", "HEAD").trim();
        if (head.isEmpty()) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder("git", "diff", "--no-ext-diff", "--quiet", "HEAD", "--")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return p.exitValue() == 1 ? head + "+dirty" : head;
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return head;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    private static long memTotalMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            p.waitFor(30, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return "";
        }
    }
}
