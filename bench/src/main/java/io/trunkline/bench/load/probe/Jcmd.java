package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code jcmd} against the gateway for its live heap: {@code GC.class_histogram} collects first and then
 * counts every live object, so its total is the live set to the byte ({@code GC.heap_info} after {@code GC.run}
 * counts ZGC's pages in use, 2 MB at a time, and is kept as a fallback).
 */
public final class Jcmd {

    private static final Pattern G1 = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern Z = Pattern.compile("ZHeap\\s+used (\\d+)M");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final Pattern GEN = Pattern.compile("(?m)^\\s*(?:PSYoungGen|ParOldGen|def new generation|"
            + "tenured generation)\\s+total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** The heap's live set after a full GC, in kilobytes, or -1 when it cannot be read. */
    public static long heapAfterGcKb(long pid) {
        long live = liveBytes(run(pid, "GC.class_histogram"));
        if (live >= 0) {
            return live / 1024;
        }
        run(pid, "GC.run");
        return usedKb(run(pid, "GC.heap_info"));
    }

    /** The "Total" bytes of a class histogram, or -1. */
    static long liveBytes(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        long bytes = -1;
        while (m.find()) {
            bytes = Long.parseLong(m.group(1));
        }
        return bytes;
    }

    static long usedKb(String heapInfo) {
        Matcher m = G1.matcher(heapInfo);
        if (m.find()) {
            return Long.parseLong(m.group(2));
        }
        m = Z.matcher(heapInfo);
        if (m.find()) {
            return Long.parseLong(m.group(1)) * 1024;
        }
        m = GEN.matcher(heapInfo);
        long sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            any = true;
        }
        return any ? sum : -1;
    }

    /** Runs {@code jcmd pid command}, waiting at most 60 s; returns its output ("" on failure). */
    public static String run(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
