package io.trunkline.server.hostile;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this JVM holds that a leak would grow: live threads, open file descriptors and the sockets among them, and
 * heap in use after a full collection.
 */
record Resources(int threads, int fds, int sockets, long heapBytes) {

    static Resources now() throws IOException {
        int fds = 0;
        int sockets = 0;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed while listing (the listing's own descriptor)
                }
            }
        }
        return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), fds, sockets, heapAfterGc());
    }

    /** Whether descriptors can be counted here (Linux). */
    static boolean supported() {
        return new File("/proc/self/fd").isDirectory();
    }

    private static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        // A few rounds: finalizable and weakly reachable objects (closed Netty channels, JAIN-SIP timers) need them.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Override
    public String toString() {
        return threads + " threads, " + fds + " fds (" + sockets + " sockets), " + heapBytes / (1024 * 1024)
                + " MiB heap";
    }
}
