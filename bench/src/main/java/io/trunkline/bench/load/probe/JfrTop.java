package io.trunkline.bench.load.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The top costs in a JFR recording: {@code jfr print --events jdk.ExecutionSample} (threads running Java code) and
 * {@code jdk.NativeMethodSample} (threads inside native code, i.e. mostly system calls), aggregated by the top frame
 * (self) and by every method on the stack (inclusive, once per sample).
 */
public final class JfrTop {

    /** Counts by method, largest first, with the number of samples they come from. */
    public record Profile(String event, long samples, Map<String, Long> self, Map<String, Long> inclusive,
            Map<String, Long> threads, Map<String, Long> stages) {
    }

    /**
     * The gateway's stages, each recognised by a method on the stack (a sample counts once per stage; stages nest:
     * the agent send runs inside the RTP receive path).
     */
    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("io.trunkline.rtp.receive.RtpReceiver.onDatagram", "caller RTP in (parse, stats, convert, to agent)");
        STAGES.put("io.trunkline.rtp.codec.Upsampler2x.process", "  of which: 8->16 kHz upsampling");
        STAGES.put("io.trunkline.ws.transport.WebSocketLeg.sendAudio", "  of which: agent frame out (format, WS write)");
        STAGES.put("io.trunkline.ws.twilio.TwilioMessages.media", "    of which: Twilio media JSON + base64");
        STAGES.put("io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder.decode", "agent WS frame decode");
        STAGES.put("io.trunkline.ws.twilio.TwilioStreamProtocol.onText", "agent message in (Twilio JSON)");
        STAGES.put("io.trunkline.ws.vapi.VapiProtocol.onBinary", "agent message in (Vapi PCM)");
        STAGES.put("io.trunkline.rtp.codec.Downsampler2x.process", "  of which: 16->8 kHz downsampling");
        STAGES.put("io.trunkline.rtp.playout.PacerClock.run", "pacer tick (build and send RTP)");
        STAGES.put("io.trunkline.rtp.rtcp.RtcpReporter", "RTCP");
        STAGES.put("io.trunkline.core.audio.FrameEnergy", "frame energy (VAD, turn timing)");
        STAGES.put("io.micrometer", "Micrometer meters");
        STAGES.put("io.netty.util.concurrent.AbstractScheduledEventExecutor", "Netty timer queue");
        STAGES.put("io.netty.util.ResourceLeakDetector", "Netty leak detector (sampling)");
        STAGES.put("io.netty.channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe.flush0", "flush (into write syscalls)");
    }

    private JfrTop() {
    }

    public static Profile read(Path recording, String event, int top) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jfr", "print", "--events", event, "--stack-depth", "64",
                recording.toString()).redirectErrorStream(true).start();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> stages = new LinkedHashMap<>();
        long samples = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))) {
            List<String> stack = new ArrayList<>();
            boolean inStack = false;
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.trim();
                if (t.startsWith("sampledThread = ")) {
                    int q = t.indexOf('"');
                    int q2 = t.indexOf('"', q + 1);
                    String name = q >= 0 && q2 > q ? t.substring(q + 1, q2).replaceAll("[0-9]+", "#") : t;
                    threads.merge(name, 1L, Long::sum);
                } else if (t.equals("stackTrace = [")) {
                    inStack = true;
                    stack.clear();
                } else if (inStack && t.equals("]")) {
                    inStack = false;
                    samples++;
                    if (!stack.isEmpty()) {
                        self.merge(stack.get(0), 1L, Long::sum);
                        Set<String> seen = new HashSet<>(stack);
                        for (String m : seen) {
                            inclusive.merge(m, 1L, Long::sum);
                        }
                        for (Map.Entry<String, String> stage : STAGES.entrySet()) {
                            for (String m : seen) {
                                if (m.startsWith(stage.getKey())) {
                                    stages.merge(stage.getValue(), 1L, Long::sum);
                                    break;
                                }
                            }
                        }
                    }
                } else if (inStack && !t.equals("...")) {
                    int paren = t.indexOf('(');
                    stack.add(paren > 0 ? t.substring(0, paren) : t);
                }
            }
        }
        p.waitFor(120, TimeUnit.SECONDS);
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String stage : STAGES.values()) {
            if (stages.containsKey(stage)) {
                ordered.put(stage, stages.get(stage));
            }
        }
        return new Profile(event, samples, top(self, top), top(inclusive, top), top(threads, top), ordered);
    }

    /** {@code JfrTop FILE}: prints the stages and top methods of a recording (Java samples). */
    public static void main(String[] args) throws Exception {
        Profile p = read(Path.of(args[0]), "jdk.ExecutionSample", 30);
        System.out.println(p.samples() + " samples; threads " + p.threads());
        System.out.println("stages (share of Java samples, inclusive):");
        p.stages().forEach((k, v) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * v / p.samples(), k));
        System.out.println("top self:");
        p.self().forEach((k, v) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * v / p.samples(), k));
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
