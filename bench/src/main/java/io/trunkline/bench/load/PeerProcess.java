package io.trunkline.bench.load;

import io.trunkline.bench.load.probe.ProcStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Another implementation measured in the gateway's place ({@code LoadRun --peer-cmd}): a process started from its
 * own command line in its own directory, configured through environment variables, its output in the run
 * directory's {@code peer.log}. Its CPU is its whole process tree's ({@link ProcStats#treeCpu}): launchers such as
 * {@code npx} and {@code tsx} start the real server as a child. The harness knows nothing of how it is built.
 */
final class PeerProcess implements SystemUnderTest {

    private final Process process;
    private final String commandLine;
    private final Path log;

    private PeerProcess(Process process, String commandLine, Path log) {
        this.process = process;
        this.commandLine = commandLine;
        this.log = log;
    }

    /** Starts {@code commandLine} (split into words, quotes honoured, no shell) in {@code dir} with {@code env} added. */
    static PeerProcess start(String commandLine, Path dir, Map<String, String> env, Path runDir) throws IOException {
        Path log = runDir.resolve("peer.log");
        ProcessBuilder pb = new ProcessBuilder(words(commandLine)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new PeerProcess(pb.start(), commandLine, log);
    }

    /** Waits until a line of {@code peer.log} matches {@code ready} (e.g. the peer's "registered" log line). */
    void waitForLog(Pattern ready, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && ready.matcher(Files.readString(log, StandardCharsets.ISO_8859_1)).find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the peer exited during start-up (see peer.log)");
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("peer.log had no line matching " + ready + " within " + seconds + " s");
    }

    @Override
    public String kind() {
        return "peer";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public String commandLine() {
        return commandLine;
    }

    @Override
    public ProcStats.CpuSample cpu() {
        return ProcStats.treeCpu(process.pid());
    }

    /**
     * SIGTERM to the whole tree at once, as a terminal's process group gets it (launchers do not all pass it on:
     * {@code npm exec} runs its command through {@code sh}, which does not), then, after {@code seconds}, a hard
     * kill of whatever is left. The tree is listed first: children of an ended parent are no longer found.
     */
    @Override
    public int stop(long seconds) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                long left = deadline - System.nanoTime();
                if (left > 0 && h.isAlive()) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a process of the tree is still up after the deadline: killed below
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(30);
        }
    }

    /** Splits a command line into words at blanks; single or double quotes group a word (no escapes, no shell). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in " + line);
        }
        if (inWord) {
            out.add(word.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty peer command");
        }
        return out;
    }
}
