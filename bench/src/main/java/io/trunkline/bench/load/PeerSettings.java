package io.trunkline.bench.load;

import io.trunkline.bench.load.agent.FakeAgentServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A peer's environment for a run: the lines of {@code --peer-env-file} (dotenv style: {@code KEY=value}, {@code #}
 * comments, optional {@code export} and quotes), then {@code --peer-env KEY=value,...} over them, with the harness's
 * addresses put in for placeholders, so that a peer's own variable names need not be known here:
 * {@code {agentUrl}} (the fake agent's Twilio Media Streams URL), {@code {agentHost}}, {@code {agentPort}},
 * {@code {sipHost}} and {@code {sipPort}} (where SIPp sends its calls), {@code {rtpMin}}, {@code {rtpMax}}
 * ({@code --gateway-rtp-min/max}), {@code {registrarHost}}, {@code {registrarPort}} ({@code --peer-registrar}),
 * {@code {metricsPort}} and {@code {runDir}}.
 */
final class PeerSettings {

    private PeerSettings() {
    }

    static Map<String, String> forPeer(LoadOptions o, Path runDir, FakeAgentServer agent) throws IOException {
        Map<String, String> raw = new LinkedHashMap<>();
        if (o.peerEnvFile != null) {
            for (String line : Files.readAllLines(o.peerEnvFile)) {
                put(raw, line.strip().replaceFirst("^export\\s+", ""));
            }
        }
        if (!o.peerEnv.isBlank()) {
            for (String pair : o.peerEnv.split(",")) {
                put(raw, pair.strip());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("agentUrl", agent.twilioUrl());
        values.put("agentHost", "127.0.0.1");
        values.put("agentPort", Integer.toString(o.agentPort));
        values.put("sipHost", "127.0.0.1");
        values.put("sipPort", Integer.toString(o.sipPort));
        values.put("rtpMin", Integer.toString(o.gatewayRtpMin));
        values.put("rtpMax", Integer.toString(o.gatewayRtpMax));
        values.put("registrarHost", o.registrarHost());
        values.put("registrarPort", Integer.toString(o.registrarPort()));
        values.put("metricsPort", Integer.toString(o.metricsPort));
        values.put("runDir", runDir.toString());
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String v = e.getValue();
            for (Map.Entry<String, String> p : values.entrySet()) {
                v = v.replace("{" + p.getKey() + "}", p.getValue());
            }
            env.put(e.getKey(), v);
        }
        return env;
    }

    private static void put(Map<String, String> env, String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("peer environment: expected KEY=value, got " + line);
        }
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        env.put(line.substring(0, eq).strip(), value);
    }
}
