package io.trunkline.bench.load;

import io.netty.channel.EventLoop;
import io.trunkline.bench.load.agent.CallDirectory;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import io.trunkline.bench.load.call.ProbeLog;
import io.trunkline.bench.load.probe.WireCapture;
import io.trunkline.bench.load.report.Summaries;
import io.trunkline.bench.load.rtp.RtpHarness;
import io.trunkline.bench.load.sip.SipUac;
import io.trunkline.bench.load.sip.UacCall;
import io.trunkline.bench.load.stats.InboundMetrics;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of the harness's own in the middle of a churn run, placed beside SIPp's: its caller audio is coded
 * frames sent at 50 packets per second from its own RTP socket, the agent answers it as it answers SIPp's calls
 * (200 ms bursts with a mark) but with coded frames, and every packet the measured implementation plays back to it
 * is logged ({@link ProbeLog}). It shows what the load does to one caller's audio: faithful 100 ms windows, delay
 * spread and pacing of the agent's speech, and the caller-to-agent latency (stamped on the agent's loop). Its media
 * runs on a loop of its own that wakes once per packet period, so the arrival times are not those of the busy agent
 * loop and the probe adds little to the load. Arrival times are taken when that loop reads the packet: on a machine
 * whose cores the load generator and the measured process share, they include the loop's own waits for a core,
 * which grow when the measured process runs real-time threads that pre-empt the harness. With dumpcap and tshark
 * installed the same figures are also given from the kernel's capture times ({@link WireCapture},
 * {@code agentToCallerOnTheWire}), which have no such waits. (A real-time probe loop was tried and is not used: its
 * wake-ups pre-empt the measured process and made its pacing worse.)
 */
final class ProbeCall implements SipUac.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeCall.class);
    /** The probe is call 0 of its directory: the agent finds it by its CallSid or SIP Call-ID. */
    private static final int INDEX = 0;
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** Packets logged: ten minutes at 50 per second. */
    private static final int LOG_CAPACITY = 50 * 600;
    /** The name of the probe loop's thread. */
    static final String THREAD_PREFIX = "load-probe";

    private final LoadCall call;
    private final RtpHarness rtp;
    private final MeasureWindow window;
    private final InboundMetrics agentSide;
    private final ProbeLog log;
    private final FrameCode.Layout layout;
    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /**
     * @param window    the agent's measuring window (opened and closed by this probe, so that the agent measures the
     *                  probe call's caller frames only)
     * @param agentSide the agent's inbound measurements over that window
     */
    ProbeCall(EventLoop loop, LoadOptions o, CallDirectory directory, MeasureWindow window, InboundMetrics agentSide) {
        this.window = window;
        this.agentSide = agentSide;
        this.call = new LoadCall(INDEX, new UacCall(LoadCall.callId(INDEX, System.nanoTime()),
                "probe" + Long.toHexString(System.nanoTime() & 0xffffff), LoadCall.twilioCallSid(INDEX)),
                50 * 600);
        directory.put(call);
        this.log = new ProbeLog(LOG_CAPACITY);
        this.layout = o.vapi() ? FrameCode.Layout.MULAW_DOWNSAMPLED : FrameCode.Layout.MULAW_DIRECT;
        this.rtp = new RtpHarness(loop, InetAddress.getLoopbackAddress(), o.rtpBase, 1, ProbeLog.PERIOD_NANOS,
                layout, window);
        rtp.log(log);
    }

    void start() {
        rtp.start();
    }

    void stop() {
        rtp.stop();
    }

    /**
     * Places the call, measures {@code measure} of it after a settling second, hangs up; blocks throughout. With
     * dumpcap and tshark installed, the packets played to the probe are also captured on the loopback device into
     * {@code runDir/probe-rtp.pcapng} ({@link WireCapture}), and the same figures are given from the kernel's times.
     *
     * @return the probe's figures, or why there are none
     */
    Map<String, Object> run(SipUac uac, Duration measure, Path runDir) throws InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        WireCapture capture = WireCapture.start(runDir.resolve("probe-rtp.pcapng"), rtp.offerPort(INDEX));
        long[] window;
        try {
            window = measure(uac, measure, m);
        } finally {
            if (capture != null) {
                capture.stop();
            }
        }
        if (window != null) {
            m.put("agentToCallerOnTheWire", onTheWire(capture, window[0], window[1]));
            LOG.info("probe call, on the wire: {}", m.get("agentToCallerOnTheWire"));
        }
        return m;
    }

    /** The agent-to-caller figures from the kernel's capture times, or why there are none. */
    private Object onTheWire(WireCapture capture, long from, long to) throws InterruptedException {
        if (capture == null) {
            return "not measured: dumpcap (Wireshark) is not installed or cannot capture on lo";
        }
        ProbeLog wire = new ProbeLog(LOG_CAPACITY);
        if (capture.readInto(wire, layout) < 0) {
            return "not measured: tshark could not read the capture";
        }
        return wire.summary(from, to, id -> call.outbound().sentAt(id));
    }

    /**
     * The call itself; its figures go into {@code m}.
     *
     * @return the measured window ({@code System.nanoTime()} from, to), or null when the call failed
     */
    private long[] measure(SipUac uac, Duration measure, Map<String, Object> m) throws InterruptedException {
        uac.invite(call.sip(), "+15550001111", CallsRun.offer(rtp.offerPort(INDEX)));
        String sdp;
        try {
            sdp = answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            m.put("failed", "no answer: " + (call.sip().failure() == null ? e : call.sip().failure()));
            return null;
        }
        Matcher c = CallsRun.C_LINE.matcher(sdp);
        Matcher media = CallsRun.M_LINE.matcher(sdp);
        if (!c.find() || !media.find() || !media.group(2).equals("0")) {
            m.put("failed", "answer without PCMU media");
            uac.bye(call.sip());
            return null;
        }
        rtp.attach(call, new InetSocketAddress(c.group(1), Integer.parseInt(media.group(1))));
        Thread.sleep(SETTLE.toMillis());
        long from = System.nanoTime();
        window.open(from);
        Thread.sleep(measure.toMillis());
        long to = System.nanoTime();
        window.close(to);
        rtp.stopSending();
        Thread.sleep(500);
        uac.bye(call.sip());
        try {
            ended.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            m.put("byeUnanswered", true);
        }
        m.put("windowSeconds", Summaries.round((to - from) / 1e9));
        m.put("callerFramesSent", call.inbound().sentCount());
        m.put("agentFramesSent", call.outbound().sentCount());
        m.put("agentToCaller", log.summary(from, to, id -> call.outbound().sentAt(id)));
        Map<String, Object> callerToAgent = new LinkedHashMap<>();
        callerToAgent.put("latencyMs", Summaries.of(agentSide.latency));
        callerToAgent.put("intervalErrorMs", Summaries.of(agentSide.intervalError));
        callerToAgent.put("framesLost", call.inbound().lost());
        m.put("callerToAgent", callerToAgent);
        LOG.info("probe call: {}", m.get("agentToCaller"));
        return new long[] {from, to};
    }

    @Override
    public void answered(UacCall sip, String sdpAnswer) {
        answer.complete(sdpAnswer);
    }

    @Override
    public void failed(UacCall sip) {
        answer.completeExceptionally(new IllegalStateException(sip.failure()));
    }

    @Override
    public void ended(UacCall sip) {
        ended.complete(null);
    }
}
