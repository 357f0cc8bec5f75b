package io.trunkline.bench.load;

import io.trunkline.bench.load.agent.AgentMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options of one run, from {@code --name value} arguments; every option has a default (see {@link #USAGE}).
 */
public final class LoadOptions {

    static final String USAGE = """
            LoadRun [--mode calls|sipp|churn|soak] [options]
              --jar PATH            gateway jar (gateway-server/target-load/trunkline.jar)
              --gateway-jvm FLAGS   gateway JVM flags ("-Xms512m -Xmx512m -XX:+UseZGC -XX:+AlwaysPreTouch")
              --agent KIND          twilio-stream (mu-law passthrough) | vapi (PCM16 16 kHz, transcoding)
              --agent-mode MODE     echo (a frame back per caller frame) | burst (speech bursts, faster than real time)
              --calls N             concurrent calls (100)
              --rate CPS            ramp: calls started per second (50)
              --hold S              measured steady state, seconds (30)
              --warmup-calls N      calls placed, held and hung up before anything is measured (min(calls, 100))
              --warmup-seconds S    how long the warm-up calls last (15)
              --settle S            wait after the last call is up before measuring, seconds (10)
              --echo-cycle N        echo mode: turn cycle in caller frames (100 = 2 s)
              --echo-pause N        echo mode: frames of each cycle left unanswered, so queues drain (25)
              --burst-frames N      burst mode: 20 ms frames per burst (50)
              --burst-chunks N      burst mode: messages per burst, of irregular sizes (7)
              --burst-period-ms MS  burst mode: time between burst starts (2000)
              --slot-us US          caller RTP timer granularity; calls are spread over the 20 ms period (500)
              --rtp-sockets N       harness RTP sockets the calls share (4)
              --harness-threads N   1: SIP, RTP and the agent on one event loop; 2: the agent on its own (2)
              --quiet-wait S        first wait up to S seconds for other processes to leave the cores idle (900; 0: no)
              --jfr                 profile the gateway over the measured window: JFR (profile settings), and with
                                    perf installed, its system calls per second and 10 s of perf CPU samples
              --io-threads N        gateway media/agent event loops (unset: the gateway's default)
              --realtime-priority N gateway's rtp.realtime-priority: its loops in the FIFO class (unset: 0, off)
              --out DIR             run directories (bench/target-load/load-runs)
              --results FILE        Markdown file a row is appended to (bench/RESULTS.md; "none" to skip)
              --label TEXT          note for the results row
              --sipp-rate CPS       sipp mode: call rate (200)
              --sipp-calls N        sipp mode: calls placed (4000)
              --sipp-hold-ms MS     sipp mode: call duration (1000)
              --sipp-warmup-calls N sipp mode: calls placed first, not measured (2000)
              --churn-rate CPS      churn mode: Twilio-style calls of 9.1 s (6.6 s speech, two digits) per second (25)
              --churn-calls N       churn mode: calls measured (400)
              --churn-warmup N      churn mode: calls placed first, not measured (200)
              --peer-cmd "CMD ..."  sipp/churn modes: measure this process (and its children) instead of the gateway
                                    jar: another implementation, started with this command line (no shell, quotes
                                    group words), CPU per call-second from SIPp's calls; its output in peer.log
              --peer-dir DIR        the peer's working directory (the current one)
              --peer-env K=V,...    the peer's environment, added to the harness's; in values {agentUrl} {agentHost}
                                    {agentPort} {sipHost} {sipPort} {rtpMin} {rtpMax} {registrarHost}
                                    {registrarPort} {metricsPort} {runDir} are the harness's (ports below)
              --peer-env-file FILE  the same as KEY=value lines (dotenv style), --peer-env over them
              --peer-registrar H:P  start SIPp as a registrar (sipp/registrar.xml: 200 to REGISTER and OPTIONS) on
                                    H:P for a peer that registers first, e.g. 127.0.0.2:5060 (none)
              --peer-ready REGEX    also wait for a line of peer.log matching REGEX before the calls (none: the
                                    peer is ready once its SIP port answers OPTIONS)
              --retries N           calls mode: runs repeated when other processes loaded the machine (2)
              --soak-minutes M      soak mode: how long SIPp keeps --calls calls up, with churn (30)
              --soak-hold S         soak mode: mean call duration, uniform from 0.5 to 1.5 times it (60)
              --sample S            soak mode: seconds between samples (60)
              ports: --sip-port 5080 --uac-port 5072 --rtp-base 31000 --agent-port 8089 --metrics-port 9470
                     --gateway-rtp-min 20000 --gateway-rtp-max 29999 --sipp-port 5074 --sipp-media-port 33000
            """;

    String mode = "calls";
    Path jar = Path.of("gateway-server/target-load/trunkline.jar");
    String gatewayJvm = "-Xms512m -Xmx512m -XX:+UseZGC -XX:+AlwaysPreTouch";
    String agent = "twilio-stream";
    AgentMode agentMode = AgentMode.ECHO;
    int calls = 100;
    double rate = 50;
    int holdSeconds = 30;
    int settleSeconds = 10;
    int warmupCalls = -1;
    int warmupSeconds = 15;
    int echoCycleFrames = 100;
    int echoPauseFrames = 25;
    int burstFrames = 50;
    int burstChunks = 7;
    long burstPeriodMillis = 2000;
    long slotMicros = 500;
    int rtpSockets = 4;
    int harnessThreads = 2;
    boolean jfr;
    int quietWaitSeconds = 900;
    Integer ioThreads;
    Integer realtimePriority;
    Path out = Path.of("bench/target-load/load-runs");
    String results = "bench/RESULTS.md";
    String label = "";
    double sippRate = 200;
    int sippCalls = 4000;
    int sippHoldMillis = 1000;
    int sippWarmupCalls = 2000;
    double churnRate = 25;
    int churnCalls = 400;
    int churnWarmupCalls = 200;
    int retries = 2;
    String peerCmd;
    Path peerDir = Path.of("");
    String peerEnv = "";
    Path peerEnvFile;
    String peerRegistrar;
    String peerReady;
    int soakMinutes = 30;
    int soakHoldSeconds = 60;
    int sampleSeconds = 60;
    int sipPort = 5080;
    int uacPort = 5072;
    int rtpBase = 31000;
    int agentPort = 8089;
    int metricsPort = 9470;
    int gatewayRtpMin = 20000;
    int gatewayRtpMax = 29999;
    int sippPort = 5074;
    int sippMediaPort = 33000;
    final Map<String, String> given = new LinkedHashMap<>();

    static LoadOptions parse(String[] args) {
        LoadOptions o = new LoadOptions();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + name);
            }
            String key = name.substring(2);
            if (key.equals("jfr")) {
                o.jfr = true;
                o.given.put(key, "");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String v = args[++i];
            o.given.put(key, v);
            switch (key) {
                case "mode" -> o.mode = oneOf(v, "calls", "sipp", "churn", "soak");
                case "jar" -> o.jar = Path.of(v);
                case "gateway-jvm" -> o.gatewayJvm = v;
                case "agent" -> o.agent = oneOf(v, "twilio-stream", "vapi");
                case "agent-mode" -> o.agentMode = AgentMode.valueOf(v.toUpperCase(Locale.ROOT));
                case "calls" -> o.calls = positive(key, Integer.parseInt(v));
                case "rate" -> o.rate = Double.parseDouble(v);
                case "hold" -> o.holdSeconds = positive(key, Integer.parseInt(v));
                case "settle" -> o.settleSeconds = Integer.parseInt(v);
                case "warmup-calls" -> o.warmupCalls = Integer.parseInt(v);
                case "warmup-seconds" -> o.warmupSeconds = Integer.parseInt(v);
                case "echo-cycle" -> o.echoCycleFrames = positive(key, Integer.parseInt(v));
                case "echo-pause" -> o.echoPauseFrames = Integer.parseInt(v);
                case "burst-frames" -> o.burstFrames = positive(key, Integer.parseInt(v));
                case "burst-chunks" -> o.burstChunks = positive(key, Integer.parseInt(v));
                case "burst-period-ms" -> o.burstPeriodMillis = positive(key, Integer.parseInt(v));
                case "slot-us" -> o.slotMicros = positive(key, Integer.parseInt(v));
                case "rtp-sockets" -> o.rtpSockets = positive(key, Integer.parseInt(v));
                case "harness-threads" -> o.harnessThreads = Integer.parseInt(oneOf(v, "1", "2"));
                case "io-threads" -> o.ioThreads = Integer.parseInt(v);
                case "realtime-priority" -> o.realtimePriority = Integer.parseInt(v);
                case "quiet-wait" -> o.quietWaitSeconds = Integer.parseInt(v);
                case "out" -> o.out = Path.of(v);
                case "results" -> o.results = v;
                case "label" -> o.label = v;
                case "sipp-rate" -> o.sippRate = Double.parseDouble(v);
                case "sipp-calls" -> o.sippCalls = positive(key, Integer.parseInt(v));
                case "sipp-hold-ms" -> o.sippHoldMillis = positive(key, Integer.parseInt(v));
                case "sipp-warmup-calls" -> o.sippWarmupCalls = Integer.parseInt(v);
                case "churn-rate" -> o.churnRate = Double.parseDouble(v);
                case "churn-calls" -> o.churnCalls = positive(key, Integer.parseInt(v));
                case "churn-warmup" -> o.churnWarmupCalls = Integer.parseInt(v);
                case "retries" -> o.retries = Integer.parseInt(v);
                case "peer-cmd" -> o.peerCmd = v;
                case "peer-dir" -> o.peerDir = Path.of(v);
                case "peer-env" -> o.peerEnv = v;
                case "peer-env-file" -> o.peerEnvFile = Path.of(v);
                case "peer-registrar" -> o.peerRegistrar = hostPort(key, v);
                case "peer-ready" -> o.peerReady = v;
                case "soak-minutes" -> o.soakMinutes = positive(key, Integer.parseInt(v));
                case "soak-hold" -> o.soakHoldSeconds = positive(key, Integer.parseInt(v));
                case "sample" -> o.sampleSeconds = positive(key, Integer.parseInt(v));
                case "sip-port" -> o.sipPort = Integer.parseInt(v);
                case "uac-port" -> o.uacPort = Integer.parseInt(v);
                case "rtp-base" -> o.rtpBase = Integer.parseInt(v);
                case "agent-port" -> o.agentPort = Integer.parseInt(v);
                case "metrics-port" -> o.metricsPort = Integer.parseInt(v);
                case "gateway-rtp-min" -> o.gatewayRtpMin = Integer.parseInt(v);
                case "gateway-rtp-max" -> o.gatewayRtpMax = Integer.parseInt(v);
                case "sipp-port" -> o.sippPort = Integer.parseInt(v);
                case "sipp-media-port" -> o.sippMediaPort = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (o.warmupCalls < 0) {
            o.warmupCalls = Math.min(o.calls, 100);
        }
        if (o.rate <= 0 || o.sippRate <= 0 || o.churnRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
        if (o.peer() && !(o.mode.equals("churn") || o.mode.equals("sipp"))) {
            throw new IllegalArgumentException("--peer-cmd needs --mode churn (or sipp)");
        }
        if (o.peer() && o.vapi()) {
            throw new IllegalArgumentException("--peer-cmd: the peer's agent is the Twilio Media Streams one");
        }
        if (!o.peer() && (o.peerRegistrar != null || o.peerReady != null || !o.peerEnv.isEmpty()
                || o.peerEnvFile != null)) {
            throw new IllegalArgumentException("--peer-* options need --peer-cmd");
        }
        return o;
    }

    /** Whether a peer, not the gateway jar, is measured. */
    boolean peer() {
        return peerCmd != null;
    }

    String registrarHost() {
        return peerRegistrar == null ? "" : peerRegistrar.substring(0, peerRegistrar.lastIndexOf(':'));
    }

    int registrarPort() {
        return peerRegistrar == null ? 0 : Integer.parseInt(peerRegistrar.substring(peerRegistrar.lastIndexOf(':') + 1));
    }

    boolean vapi() {
        return agent.equals("vapi");
    }

    private static String oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(v + " is not one of " + String.join(", ", allowed));
    }

    private static String hostPort(String key, String v) {
        if (!v.matches("[^:]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("--" + key + " must be HOST:PORT");
        }
        return v;
    }

    private static int positive(String key, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("--" + key + " must be positive");
        }
        return v;
    }
}
