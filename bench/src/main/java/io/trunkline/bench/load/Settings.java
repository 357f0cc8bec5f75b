package io.trunkline.bench.load;

import io.trunkline.bench.load.agent.FakeAgentServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateway's configuration for a run, as TRUNKLINE_* environment variables (see config/gateway.yaml). */
final class Settings {

    private Settings() {
    }

    static Map<String, String> forGateway(LoadOptions o, Path runDir, FakeAgentServer agent) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1");
        env.put("TRUNKLINE_SIP_PORT", Integer.toString(o.sipPort));
        env.put("TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1");
        env.put("TRUNKLINE_RTP_PORT_MIN", Integer.toString(o.gatewayRtpMin));
        env.put("TRUNKLINE_RTP_PORT_MAX", Integer.toString(o.gatewayRtpMax));
        if (o.ioThreads != null) {
            env.put("TRUNKLINE_RTP_IO_THREADS", Integer.toString(o.ioThreads));
        }
        if (o.realtimePriority != null) {
            env.put("TRUNKLINE_RTP_REALTIME_PRIORITY", Integer.toString(o.realtimePriority));
        }
        env.put("TRUNKLINE_METRICS_BIND_ADDRESS", "127.0.0.1");
        env.put("TRUNKLINE_METRICS_PORT", Integer.toString(o.metricsPort));
        env.put("TRUNKLINE_CALLS_MAX_CONCURRENT", Integer.toString(Math.max(o.calls, 1000) + 100));
        // The harness measures capacity: the admission guards that protect a production gateway stay out of it.
        env.put("TRUNKLINE_CALLS_MAX_LOOP_LAG", "0");
        env.put("TRUNKLINE_CALLS_MAX_CALLS_PER_SECOND", "10000");
        env.put("TRUNKLINE_CALLS_CALLS_BURST", "10000");
        env.put("TRUNKLINE_RECORDS_FILE", runDir.resolve("records.jsonl").toString());
        env.put("TRUNKLINE_AGENT_KIND", o.agent);
        if (o.vapi()) {
            env.put("TRUNKLINE_VAPI_BASE_URL", agent.httpBase());
            env.put("TRUNKLINE_VAPI_API_KEY_ENV", GatewayProcess.VAPI_KEY_ENV);
            env.put(GatewayProcess.VAPI_KEY_ENV, "bench-not-a-secret");
            env.put("TRUNKLINE_VAPI_ASSISTANT_ID", "bench-assistant");
            env.put("TRUNKLINE_VAPI_AUDIO_FORMAT", "pcm_s16le");
        } else {
            env.put("TRUNKLINE_AGENT_URL", agent.twilioUrl());
        }
        return env;
    }
}
