package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU used by every process but the named ones, summed from {@code /proc/<pid>/stat}. The machine-wide figures of
 * {@code /proc/stat} are sampled at timer ticks and miss most of the short bursts an event loop runs in, so they
 * understate a load like this one; per-process times are precise.
 */
public final class OtherProcesses {

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    private final Set<Long> excluded;
    private Map<Long, Long> last;
    private long lastWall;

    /** Starts counting now, leaving out {@code excluded} pids. */
    public OtherProcesses(Set<Long> excluded) {
        this.excluded = excluded;
        this.last = sample();
        this.lastWall = System.nanoTime();
    }

    /** Cores the other processes used since the previous call (or construction). */
    public double coresSinceLast() {
        Map<Long, Long> now = sample();
        long wall = System.nanoTime();
        long used = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            // A process that started meanwhile counts from zero.
            used += Math.max(0, e.getValue() - last.getOrDefault(e.getKey(), 0L));
        }
        double cores = wall > lastWall ? (double) used / (wall - lastWall) : 0;
        last = now;
        lastWall = wall;
        return cores;
    }

    private Map<Long, Long> sample() {
        Map<Long, Long> cpu = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (excluded.contains(pid)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.put(pid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK);
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to count
        }
        return cpu;
    }
}
