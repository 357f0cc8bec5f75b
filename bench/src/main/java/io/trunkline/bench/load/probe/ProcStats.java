package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and memory of a process from {@code /proc}: user + system time of the whole process and of each thread
 * (grouped by name with digits folded, e.g. {@code epollEventLoopGroup-#-#}), and the resident set size.
 */
public final class ProcStats {

    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** CPU consumed so far, in nanoseconds, by the process and by thread group. */
    public record CpuSample(long wallNanos, long cpuNanos, long systemNanos, Map<String, Long> threadCpuNanos) {

        /** System (kernel) CPU between {@code earlier} and this sample, as a fraction of one core. */
        public double systemCoresSince(CpuSample earlier) {
            long wall = wallNanos - earlier.wallNanos;
            return wall <= 0 ? 0 : (double) (systemNanos - earlier.systemNanos) / wall;
        }

        /** CPU used between {@code earlier} and this sample, as a fraction of one core. */
        public double coresSince(CpuSample earlier) {
            long wall = wallNanos - earlier.wallNanos;
            return wall <= 0 ? 0 : (double) (cpuNanos - earlier.cpuNanos) / wall;
        }

        /** Per thread group: fraction of one core used since {@code earlier}, largest first. */
        public Map<String, Double> threadCoresSince(CpuSample earlier) {
            long wall = wallNanos - earlier.wallNanos;
            Map<String, Double> out = new TreeMap<>();
            for (Map.Entry<String, Long> e : threadCpuNanos.entrySet()) {
                long before = earlier.threadCpuNanos.getOrDefault(e.getKey(), 0L);
                double cores = wall <= 0 ? 0 : (double) (e.getValue() - before) / wall;
                if (cores >= 0.0005) {
                    out.put(e.getKey(), cores);
                }
            }
            return out;
        }
    }

    /** Samples a process ({@code pid}) now. */
    public static CpuSample cpu(long pid) {
        long wall = System.nanoTime();
        String own = read(Path.of("/proc", Long.toString(pid), "stat"));
        long total = own == null ? 0 : ticks(own);
        long system = own == null ? 0 : systemTicks(own);
        Map<String, Long> threads = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                threads.merge(name, ticksToNanos(ticks(stat)), Long::sum);
            }
        } catch (IOException e) {
            // The process is gone: the totals say so.
        }
        return new CpuSample(wall, ticksToNanos(total), ticksToNanos(system), threads);
    }

    /**
     * Samples a process ({@code root}) and every descendant of it now, summed: a peer started through launchers
     * ({@code npx} → {@code sh} → {@code tsx} → {@code node}) or spawning workers is measured whole. Each process
     * counts its own threads' time plus that of its children it has reaped ({@code cutime}, {@code cstime}), so a
     * child that ends inside a window stays counted; thread groups are named {@code process/thread}.
     */
    public static CpuSample treeCpu(long root) {
        long wall = System.nanoTime();
        long total = 0;
        long system = 0;
        Map<String, Long> threads = new TreeMap<>();
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        for (long pid : pids) {
            String own = read(Path.of("/proc", Long.toString(pid), "stat"));
            if (own == null) {
                continue;
            }
            String[] f = fields(own);
            total += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            system += Long.parseLong(f[12]) + Long.parseLong(f[14]);
            String process = own.substring(own.indexOf('(') + 1, own.lastIndexOf(')'));
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String stat = read(task.resolve("stat"));
                    if (stat != null) {
                        String name = process + "/" + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        threads.merge(name.replaceAll("[0-9]+", "#"), ticksToNanos(ticks(stat)), Long::sum);
                    }
                }
            } catch (IOException e) {
                // The process ended between the listing and now.
            }
        }
        return new CpuSample(wall, ticksToNanos(total), ticksToNanos(system), threads);
    }

    /** Resident set size in kilobytes, or -1. */
    public static long rssKb(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Threads of the process, or -1. */
    public static long threads(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Open file descriptors of the process (sockets included), or -1. */
    public static long openFiles(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            long n = 0;
            for (Path ignored : fds) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long systemTicks(String stat) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
    }

    /** utime + stime: fields 14 and 15, counted after the parenthesised command name. */
    private static long ticks(String stat) {
        String[] f = fields(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The fields after the parenthesised command name: index 0 is field 3 (state), 11 is utime (field 14). */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long ticksToNanos(long ticks) {
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100;
        }
    }
}
