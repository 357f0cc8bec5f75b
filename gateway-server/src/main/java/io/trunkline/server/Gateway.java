package io.trunkline.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.record.CallRecordSink;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.MicrometerCallObserver;
import io.trunkline.metrics.MicrometerMediaObserver;
import io.trunkline.metrics.MicrometerSignallingObserver;
import io.trunkline.metrics.RuntimeMetrics;
import io.trunkline.metrics.http.HttpEndpoint;
import io.trunkline.metrics.http.MetricsHttpServer;
import io.trunkline.metrics.records.JsonLinesRecordSink;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.server.twilioapi.CallsResource;
import io.trunkline.server.vapi.VapiServerEndpoint;
import io.trunkline.sip.SipServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the I/O loops, the metrics registry, the media engine, the agent connector (and the
 * embedded demo agent when {@code agent.kind} is {@code demo}), the call bridge, the call-record sinks, the metrics
 * HTTP endpoint and the SIP listener, started in dependency order and stopped in reverse. {@code /ready} turns true
 * once SIP is bound and the call path is warmed up ({@code calls.warm-up}; until then OPTIONS and INVITEs get 503),
 * and false again when draining starts.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final CallRecordSink recordTap;
    private final EnvironmentSecrets secrets;
    private final IoLoops loops;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMeters meters = new GatewayMeters(registry);
    private CallRecords records;
    private RuntimeMetrics runtime;
    private MetricsHttpServer http;
    private Agents agents;
    private CallBridge bridge;
    private Readiness readiness;
    private SipServer sip;
    private volatile Runnable drainRequest = () -> new Thread(this::drainAndStop, "drain").start();
    private volatile boolean stopped;

    private Gateway(GatewayConfig config, CallRecordSink recordTap, Map<String, String> environment) {
        this.config = config;
        this.recordTap = recordTap;
        this.secrets = new EnvironmentSecrets(environment);
        this.loops = new IoLoops(config.rtp().ioThreads());
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
     * Starts a gateway that reads secrets named by the configuration (such as {@code vapi.api-key-env} and
     * {@code records.webhook-secret-env}) from {@code environment} instead of the process environment.
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
        if (config.rtp().realtimePriority() > 0) {
            loops.runRealtime(config.rtp().realtimePriority());
        }
        records = new CallRecords(config.records(), config.metrics().recentCalls(), meters, secrets, recordTap);
        RtpEngine media = new RtpEngine(config.rtp(), loops.udpTransport(), new MicrometerMediaObserver(meters));
        meters.bindPorts(media);
        runtime = new RuntimeMetrics(registry, loops.group(), ByteBufAllocator.DEFAULT);
        agents = new Agents(loops, secrets, meters);
        bridge = new CallBridge(config.calls(), loops, media, agents.router(config), records,
                new MicrometerCallObserver(meters), config.records().attribution(), loops, config.transfer());
        if (agents.twimlAgents() != null) {
            agents.twimlAgents().bind(bridge);
        }
        readiness = new Readiness(bridge, config.rtp().srtp());
        meters.bindLoopLag(loops::maxLagNanos);
        meters.bindActiveCalls(bridge::activeCalls);
        meters.registerBaseline(agentKinds());
        StatusView status = new StatusView(this::state, bridge, records);
        http = MetricsEndpoint.start(config, registry, status, new AdminActions(config, () -> drainRequest), secrets,
                httpEndpoints(status));
        sip = new SipServer(config.sip(), config.rtp().effectiveAdvertisedAddress(), readiness.gate(),
                new MicrometerSignallingObserver(meters), secrets.digestCredentials(config.sip().access()));
        if (config.outbound().enabled()) {
            sip.enableOutbound(config.outbound(), secrets.outboundCredentials(config.outbound()));
        }
        sip.start();
        if (sip.dialer() != null) {
            bridge.enableOutbound(config.outbound(), sip.dialer());
        }
        loops.prepareResolvers();
        readiness.warmUpAndOpen(loops, media, config.calls().warmUp());
        LOG.info("Trunkline ready: SIP on {}:{} ({}), RTP {}-{} (SRTP {}), agent {}", config.sip().bindAddress(),
                config.sip().port(), String.join("/", config.sip().transports()), config.rtp().portMin(),
                config.rtp().portMax(), config.rtp().srtp().configValue(), config.agent().kind());
    }

    /** The endpoints served on the metrics port beside metrics, health, dashboard and admin. */
    private List<HttpEndpoint> httpEndpoints(StatusView status) {
        List<HttpEndpoint> endpoints = new ArrayList<>();
        endpoints.add(ControlApi.create(config, bridge, status, secrets, meters));
        if (config.vapiServer().enabled()) {
            endpoints.add(new VapiServerEndpoint(config.vapiServer().path(), secrets.require(
                    "vapi.server-secret-env", config.vapiServer().secretEnv(), "the Vapi assistant's server secret"),
                    bridge));
        }
        TwimlAgents twiml = agents.twimlAgents();
        if (twiml != null && twiml.authToken() != null) {
            endpoints.add(new CallsResource(twiml.accountSid(), twiml.authToken(), twiml.calls(), twiml::control));
        }
        return endpoints;
    }

    /** The agent kinds in use (the default agent's and each route's), registered at zero on the dashboards. */
    private Set<String> agentKinds() {
        Set<String> kinds = new TreeSet<>();
        kinds.add(config.agent().kind());
        config.routes().forEach(route -> kinds.add(route.agent().kind()));
        return kinds;
    }

    /**
     * What {@code POST /admin/drain} does: by default drain and stop on a thread of its own; {@link Main} makes it
     * the same as SIGTERM (drain, then exit 0).
     */
    public void onDrainRequest(Runnable action) {
        drainRequest = Objects.requireNonNull(action, "action");
    }

    public GatewayConfig config() {
        return config;
    }

    public CallBridge bridge() {
        return bridge;
    }

    /** What operators' APIs call to place, end and steer calls (the call bridge). */
    public CallControl callControl() {
        return bridge;
    }

    public JsonLinesRecordSink records() {
        return records.file();
    }

    /** The registry behind {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Where the metrics endpoint listens, or null when it is not served. */
    public InetSocketAddress metricsAddress() {
        return http == null ? null : http.address();
    }

    /** {@code starting}, {@code ready}, {@code draining} or {@code stopped}. */
    public String state() {
        if (stopped) {
            return "stopped";
        }
        return readiness == null ? "starting" : readiness.state();
    }

    /** The I/O event loops (tests occupy one to show the overload guard). */
    public IoLoops loops() {
        return loops;
    }

    /**
     * Drains and stops: new calls and OPTIONS get 503 at once (and {@code /ready} turns false), active calls may
     * finish until {@code calls.drain-timeout}, then the rest get BYE; every call's record is written before the
     * sinks close.
     */
    public synchronized void drainAndStop() {
        if (stopped) {
            return;
        }
        if (bridge != null) {
            Drain.run(bridge, config.calls().drainTimeout());
        }
        close();
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
        if (records != null) {
            records.close();
        }
        if (http != null) {
            http.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        registry.close();
        LOG.info("stopped");
    }
}
