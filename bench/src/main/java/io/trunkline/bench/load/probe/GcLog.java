package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway's unified GC log, written with {@code -Xlog:gc*,safepoint:file=F:timenanos,tags} so that every
 * line carries {@code System.nanoTime()} and compares directly with the harness's clock. Collects stop-the-world GC
 * pauses ({@code [gc]} / {@code [gc,phases]} lines "Pause … N.NNNms", G1 and ZGC alike) and safepoint totals;
 * pauses of collections that {@code System.gc()} started (the harness's own {@code jcmd GC.run}) are marked.
 */
public final class GcLog {

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns\\]\\[([a-z,]+)\\s*\\] ?(.*)$");
    private static final Pattern GC_ID = Pattern.compile("GC\\((\\d+)\\)");
    private static final Pattern PAUSE = Pattern.compile("Pause .*?(\\d+(?:\\.\\d+)?)ms$");
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

    /** One stop-the-world GC pause. */
    public record Pause(long nanoTime, int gcId, double millis, String what, boolean induced) {
    }

    /** One safepoint, of any cause. */
    public record Safepoint(long nanoTime, String operation, double millis) {
    }

    private final List<Pause> pauses;
    private final List<Safepoint> safepoints;

    private GcLog(List<Pause> pauses, List<Safepoint> safepoints) {
        this.pauses = pauses;
        this.safepoints = safepoints;
    }

    public static GcLog read(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1) : List.of();
        Set<Integer> induced = new HashSet<>();
        for (String line : lines) {
            if (line.contains("System.gc()")) {
                Matcher id = GC_ID.matcher(line);
                if (id.find()) {
                    induced.add(Integer.parseInt(id.group(1)));
                }
            }
        }
        List<Pause> pauses = new ArrayList<>();
        List<Safepoint> safepoints = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long nanos = Long.parseLong(m.group(1));
            String tags = m.group(2);
            String message = m.group(3).trim();
            if (tags.equals("safepoint")) {
                Matcher s = SAFEPOINT.matcher(message);
                if (s.find()) {
                    safepoints.add(new Safepoint(nanos, s.group(1), Long.parseLong(s.group(2)) / 1e6));
                }
                continue;
            }
            if (!tags.equals("gc") && !tags.equals("gc,phases")) {
                continue;
            }
            Matcher p = PAUSE.matcher(message);
            Matcher id = GC_ID.matcher(message);
            if (p.find() && id.find()) {
                int gcId = Integer.parseInt(id.group(1));
                String what = message.substring(id.end()).replaceAll("\\s+\\S*ms$", "").trim();
                pauses.add(new Pause(nanos, gcId, Double.parseDouble(p.group(1)), what, induced.contains(gcId)));
            }
        }
        return new GcLog(pauses, safepoints);
    }

    /** Pauses not started by System.gc(), between {@code from} and {@code to} (System.nanoTime()). */
    public List<Pause> pauses(long from, long to) {
        List<Pause> out = new ArrayList<>();
        for (Pause p : pauses) {
            if (!p.induced() && p.nanoTime() >= from && p.nanoTime() < to) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every pause, induced ones included. */
    public List<Pause> allPauses() {
        return pauses;
    }

    /** Safepoints between {@code from} and {@code to}. */
    public List<Safepoint> safepoints(long from, long to) {
        List<Safepoint> out = new ArrayList<>();
        for (Safepoint s : safepoints) {
            if (s.nanoTime() >= from && s.nanoTime() < to) {
                out.add(s);
            }
        }
        return out;
    }
}
