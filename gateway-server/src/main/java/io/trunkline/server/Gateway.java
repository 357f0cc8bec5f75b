package io.trunkline.server;

import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.record.CallRecordSink;
import io.trunkline.metrics.records.JsonLinesRecordSink;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.sip.SipServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the I/O loops, the media engine, the agent connector (and the embedded demo agent when
 * {@code agent.kind} is {@code demo}), the call bridge, the call-record sink and the SIP listener, started in
 * dependency order and stopped in reverse.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final IoLoops loops;
    private final JsonLinesRecordSink records;
    private final CallRecordSink recordTap;
    private final Map<String, String> environment;
    private Agents agents;
    private CallBridge bridge;
    private SipServer sip;
    private boolean stopped;

    private Gateway(GatewayConfig config, CallRecordSink recordTap, Map<String, String> environment)
            throws Exception {
        this.environment = environment;
        this.config = config;
        this.recordTap = recordTap;
        this.loops = new IoLoops(config.rtp().ioThreads());
        String file = config.records().file();
        this.records = new JsonLinesRecordSink(file.isEmpty() ? null : Path.of(file));
    }

    /** Starts a gateway; on failure everything started so far is stopped again. */
    public static Gateway start(GatewayConfig config) throws Exception {
        return start(config, record -> { });
    }

    /** Starts a gateway that also hands every call record to {@code recordTap} (tests, embedding). */
    public static Gateway start(GatewayConfig config, CallRecordSink recordTap) throws Exception {
        return start(config, recordTap, System.getenv());
    }

    /**
     * Starts a gateway that reads secrets named by the configuration (such as {@code vapi.api-key-env}) from
     * {@code environment} instead of the process environment.
     */
    public static Gateway start(GatewayConfig config, CallRecordSink recordTap, Map<String, String> environment)
            throws Exception {
        Gateway gateway = new Gateway(config, recordTap, environment);
        try {
            gateway.start0();
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void start0() throws Exception {
        RtpEngine media = new RtpEngine(config.rtp(), loops.udpTransport());
        agents = new Agents(loops, environment);
        bridge = new CallBridge(config.calls(), loops, media, agents.router(config), record -> {
            records.accept(record);
            recordTap.accept(record);
        });
        sip = new SipServer(config.sip(), config.rtp().effectiveAdvertisedAddress(), bridge);
        sip.start();
        LOG.info("Trunkline ready: SIP on {}:{} ({}), RTP {}-{}, agent {}", config.sip().bindAddress(),
                config.sip().port(), String.join("/", config.sip().transports()), config.rtp().portMin(),
                config.rtp().portMax(), config.agent().kind());
    }

    public GatewayConfig config() {
        return config;
    }

    public CallBridge bridge() {
        return bridge;
    }

    public JsonLinesRecordSink records() {
        return records;
    }

    /**
     * Drains and stops: new calls and OPTIONS get 503 at once, active calls may finish until
     * {@code calls.drain-timeout}, then the rest get BYE; every call's record is written before the sink closes.
     */
    public synchronized void drainAndStop() {
        if (stopped) {
            return;
        }
        if (bridge != null) {
            bridge.startDraining();
            LOG.info("draining: {} active call(s), waiting up to {} s", bridge.activeCalls(),
                    config.calls().drainTimeout().toSeconds());
            awaitNoCalls(config.calls().drainTimeout());
            bridge.endAll(EndReason.SHUTDOWN);
            awaitNoCalls(Duration.ofSeconds(5));
        }
        close();
    }

    private void awaitNoCalls(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bridge.activeCalls() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(50_000_000);
        }
    }

    /** Stops at once: calls still active lose their legs (use {@link #drainAndStop()} for a clean exit). */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (sip != null) {
            sip.stop();
        }
        if (agents != null) {
            agents.close();
        }
        loops.close();
        records.close(Duration.ofSeconds(5));
        LOG.info("stopped");
    }
}
