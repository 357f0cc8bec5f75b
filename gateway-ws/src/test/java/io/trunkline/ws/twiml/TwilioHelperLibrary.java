package io.trunkline.ws.twiml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Twilio's own Node.js helper library ({@code twilio} from npm), installed on first use into {@code target/npm},
 * asked whether a request's {@code X-Twilio-Signature} is valid ({@code validateRequest}), exactly as an
 * application behind the gateway would ask it. Without node and npm the test is skipped, except in CI.
 */
public final class TwilioHelperLibrary {
    private static final Path PREFIX = Path.of("target", "npm").toAbsolutePath();
    private static final String SCRIPT = "const twilio = require('twilio');"
            + "let input = ''; process.stdin.on('data', d => input += d); process.stdin.on('end', () => {"
            + "const r = JSON.parse(input);"
            + "process.stdout.write(String(twilio.validateRequest(r.token, r.signature, r.url, r.params)));});";

    private TwilioHelperLibrary() {
    }

    /** Whether {@code validateRequest(token, signature, url, params)} accepts the request. */
    public static boolean validateRequest(String token, String signature, String url, Map<String, String> params)
            throws IOException, InterruptedException {
        ensureInstalled();
        byte[] input = new ObjectMapper().writeValueAsBytes(Map.of("token", token,
                "signature", signature == null ? "" : signature, "url", url, "params", params));
        ProcessBuilder pb = new ProcessBuilder("node", "-e", SCRIPT).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toString());
        Process p = pb.start();
        p.getOutputStream().write(input);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("node validateRequest failed: " + out);
        }
        return Boolean.parseBoolean(out);
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        boolean ci = System.getenv("CI") != null;
        for (String tool : List.of("node", "npm")) {
            boolean present = List.of(System.getenv("PATH").split(java.io.File.pathSeparator)).stream()
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!present && ci) {
                throw new IllegalStateException(tool + " is required in CI for Twilio's helper library");
            }
            Assumptions.assumeTrue(present, tool + " not installed: Twilio's helper library cannot be run");
        }
        if (Files.isDirectory(PREFIX.resolve("node_modules").resolve("twilio"))) {
            return;
        }
        Files.createDirectories(PREFIX);
        Process p = new ProcessBuilder("npm", "install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund",
                "twilio").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("npm install twilio failed: " + out);
        }
    }
}
