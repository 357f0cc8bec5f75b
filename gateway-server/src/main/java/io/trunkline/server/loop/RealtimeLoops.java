package io.trunkline.server.loop;

import io.netty.channel.EventLoop;
import io.trunkline.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the call loops' threads in Linux's real-time FIFO scheduling class ({@code rtp.realtime-priority}). A loop
 * that is runnable then takes a core at once instead of waiting behind the JIT compilers, the GC, the SIP threads
 * or other processes: on a small machine shared with other work, those waits make a pacer tick 20 ms or more late
 * several times a second, and each late tick is a pair of packets sent back to back. The loops block in epoll
 * between events, so they leave the cores to everything else when idle; the kernel's real-time throttling
 * ({@code sched_rt_runtime_us}) keeps a share for the rest even if one never did.
 *
 * <p>The JVM has no call for another scheduling class, so each loop reports its kernel thread id
 * ({@code /proc/thread-self}) and {@code chrt -f -p} (util-linux) moves it; this runs once, at start-up, off the
 * loops. The kernel allows it to a process whose RLIMIT_RTPRIO is at least the priority (sched(7); systemd
 * {@code LimitRTPRIO=}, {@code docker run --ulimit rtprio=}) or that has CAP_SYS_NICE (root); otherwise the gateway
 * does not start, so a setting that cannot take effect is never silently ignored.
 */
final class RealtimeLoops {

    private static final long STEP_TIMEOUT_SECONDS = 5;

    private RealtimeLoops() {
    }

    /**
     * Moves every loop of {@code loops} to FIFO priority {@code priority}.
     *
     * @return the kernel thread ids moved
     * @throws ConfigException when a thread cannot be moved (no permission, no {@code chrt}, not Linux)
     */
    static List<Long> apply(Collection<EventLoop> loops, int priority) {
        List<Long> tids = new ArrayList<>();
        for (EventLoop loop : loops) {
            try {
                tids.add(loop.submit(RealtimeLoops::currentThreadId).get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw refused(priority, "cannot read the loop thread's id from /proc/thread-self (Linux only): "
                        + rootCause(e));
            }
        }
        for (long tid : tids) {
            String failure = chrt(priority, tid);
            if (failure != null) {
                throw refused(priority, failure);
            }
        }
        return tids;
    }

    /** The calling thread's kernel id: {@code /proc/thread-self} links to {@code <pid>/task/<tid>}. */
    static long currentThreadId() throws IOException {
        return threadIdOf(Files.readSymbolicLink(Path.of("/proc/thread-self")));
    }

    /** The thread id in a {@code /proc/thread-self} link target ({@code <pid>/task/<tid>}). */
    static long threadIdOf(Path link) {
        Path name = link.getFileName();
        if (name == null || link.getNameCount() < 3 || !link.getName(link.getNameCount() - 2).toString()
                .equals("task")) {
            throw new IllegalArgumentException("not a <pid>/task/<tid> link: " + link);
        }
        return Long.parseLong(name.toString());
    }

    /** Runs {@code chrt -f -p priority tid}; null when it worked, else what went wrong. */
    private static String chrt(int priority, long tid) {
        List<String> command = List.of("chrt", "-f", "-p", Integer.toString(priority), Long.toString(tid));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return p.exitValue() == 0 ? null
                    : String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output;
        } catch (IOException e) {
            return "cannot run chrt (util-linux): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running chrt";
        }
    }

    private static ConfigException refused(int priority, String why) {
        return new ConfigException("rtp.realtime-priority", "0 (off) or a priority the call loops may take ("
                + why + "; that needs chrt from util-linux and either an RLIMIT_RTPRIO of at least " + priority
                + " (ulimit -r, systemd LimitRTPRIO=, docker run --ulimit rtprio=) or CAP_SYS_NICE)", priority);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
