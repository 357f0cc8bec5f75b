package io.trunkline.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trunkline.bench.load.report.Machine;
import io.trunkline.bench.load.report.ResultsFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load harness's entry point:
 * {@code java -cp bench/target/benchmarks.jar io.trunkline.bench.load.LoadRun [--mode calls|sipp|churn|soak] [options]}
 * (options: {@link LoadOptions#USAGE}). Starts the gateway from its jar (or, in the SIPp modes, a peer from its
 * command line, {@code --peer-cmd}), runs the scenario, writes
 * {@code result.json} into a fresh run directory and appends a row to the results file.
 */
public final class LoadRun {

    private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!options.peer() && !Files.isRegularFile(options.jar)) {
            System.err.println("gateway jar not found: " + options.jar + " (build it first, see bench/README.md)");
            System.exit(2);
            return;
        }
        int attempts = options.mode.equals("calls") ? 1 + Math.max(0, options.retries) : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Map<String, Object> result = runOnce(options, args);
            long loaded = result.get("secondsWithOtherLoad") instanceof Number n ? n.longValue() : 0;
            boolean contaminated = loaded > Math.max(2, options.holdSeconds / 10);
            if (contaminated && attempt < attempts) {
                LOG.warn("other processes loaded the machine for {} s of the window: run rejected, trying again",
                        loaded);
                continue;
            }
            report(options, result);
            break;
        }
        System.exit(0);
    }

    private static Map<String, Object> runOnce(LoadOptions options, String[] args) throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String name = now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + options.mode + "-"
                + (options.peer() ? "peer-" : "") + options.agent + (options.mode.equals("calls") ? "-" + options.calls + "-"
                + options.agentMode.name().toLowerCase(java.util.Locale.ROOT) : "");
        Path runDir = options.out.resolve(name).toAbsolutePath();
        Files.createDirectories(runDir);
        LOG.info("run {} in {}", name, runDir);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", options.mode);
        result.put("date", now.format(DateTimeFormatter.ISO_INSTANT));
        result.put("commit", Machine.commit());
        result.put("machine", Machine.describe());
        result.put("command", command(args));
        result.put("label", options.label);
        result.put("options", options.given);
        result.put("runDir", runDir.toString());
        Map<String, Object> measured = switch (options.mode) {
            case "calls" -> new CallsRun(options, runDir).run();
            case "soak" -> new SoakRun(options, runDir).run();
            default -> new SippRateRun(options, runDir).run();
        };
        result.putAll(measured);

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path file = runDir.resolve("result.json");
        json.writeValue(file.toFile(), result);
        LOG.info("result: {}", file);
        System.out.println(ResultRows.text(result));
        return result;
    }

    private static void report(LoadOptions options, Map<String, Object> result) throws Exception {
        if (options.results.equals("none")) {
            return;
        }
        Path runDir = Path.of((String) result.get("runDir"));
        Path results = Path.of(options.results);
        if (options.mode.equals("calls")) {
            ResultsFile.append(results, ResultRows.CALLS_HEADER, ResultRows.calls(result, runDir));
        } else if (options.mode.equals("soak")) {
            SoakRows.append(results, result, runDir);
        } else if (options.mode.equals("churn")) {
            ResultsFile.append(results, ResultRows.CHURN_HEADER, ResultRows.churn(result, runDir));
        } else {
            ResultsFile.append(results, ResultRows.SIPP_HEADER, ResultRows.sipp(result, runDir));
        }
        LOG.info("row appended to {}", results);
    }

    /** The exact command of this run, as it could be typed again. */
    private static String command(String[] args) {
        List<String> parts = new ArrayList<>();
        parts.add("java");
        parts.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        parts.add("-cp");
        parts.add(System.getProperty("java.class.path"));
        parts.add(LoadRun.class.getName());
        for (String a : args) {
            parts.add(a);
        }
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(p.matches("[A-Za-z0-9_./:=+,@%-]+") ? p : "'" + p.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
