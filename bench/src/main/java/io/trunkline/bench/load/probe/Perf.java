package io.trunkline.bench.load.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code perf} (when installed) says about the gateway over a few seconds: the number of system calls it makes
 * ({@code raw_syscalls:sys_enter}), and where its CPU samples fall (kernel, JIT-compiled Java, the JVM itself) with
 * the top kernel and JVM symbols. Java frames have no names in perf (JFR gives those).
 */
public final class Perf {

    private static final Pattern COUNT = Pattern.compile("^\\s*([0-9,.]+)\\s+raw_syscalls:sys_enter");
    private static final Pattern ROW = Pattern.compile("^\\s*([0-9.]+)%\\s+(.+?)\\s*$");

    private Perf() {
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/perf"));
    }

    /** System calls per second made by {@code pid}, counted for {@code seconds}; -1 when perf fails. */
    public static double syscallsPerSecond(long pid, int seconds) {
        String out = run(seconds + 30, "perf", "stat", "-e", "raw_syscalls:sys_enter", "-p", Long.toString(pid),
                "--", "sleep", Integer.toString(seconds));
        for (String line : out.split("\n")) {
            Matcher m = COUNT.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1).replace(",", "").replace(".", "")) / (double) seconds;
            }
        }
        return -1;
    }

    /**
     * Samples {@code pid} at 499 Hz for {@code seconds} into {@code data}, then summarises: share per object (dso)
     * and the top {@code top} symbols.
     */
    public static Map<String, Object> profile(long pid, int seconds, Path data, int top) {
        run(seconds + 60, "perf", "record", "-F", "499", "-o", data.toString(), "-p", Long.toString(pid), "--",
                "sleep", Integer.toString(seconds));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", data.toString());
        m.put("byObject", rows(run(120, "perf", "report", "-i", data.toString(), "--no-children", "--sort", "dso",
                "--stdio", "-g", "none"), top));
        m.put("bySymbol", rows(run(120, "perf", "report", "-i", data.toString(), "--no-children", "--sort",
                "dso,sym", "--stdio", "-g", "none"), top));
        return m;
    }

    private static Map<String, Double> rows(String report, int top) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : report.split("\n")) {
            if (line.startsWith("#") || out.size() >= top) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.put(m.group(2).replaceAll("\\s+", " ").replaceAll("\\(deleted\\)", "").trim(),
                        Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }

    private static String run(long timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
