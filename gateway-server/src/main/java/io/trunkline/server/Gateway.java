package io.trunkline.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallRecordSink;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.MicrometerCallObserver;
import io.trunkline.metrics.MicrometerMediaObserver;
import io.trunkline.metrics.MicrometerSignallingObserver;
import io.trunkline.metrics.RuntimeMetrics;
import io.trunkline.metrics.http.AdminApi;
import io.trunkline.metrics.http.GatewayStatus;
import io.trunkline.metrics.http.MetricsHttpServer;
import io.trunkline.metrics.records.JsonLinesRecordSink;
import io.trunkline.metrics.records.WebhookSink;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.server.config.ConfigLoader;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.server.warmup.ReadinessGate;
import io.trunkline.server.warmup.WarmUp;
import io.trunkline.sip.SipServer;
import io.trunkline.sip.guard.DigestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
    private static final long MEGABYTE = 1024L * 1024;

    private final GatewayConfig config;
    private final Map<String, String> environment;
    private final IoLoops loops;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMeters meters = new GatewayMeters(registry);
    private final JsonLinesRecordSink records;
    private final CallRecordSink recordTap;
    private final AtomicLong callsEnded = new AtomicLong();
    private RuntimeMetrics runtime;
    private WebhookSink webhook;
    private MetricsHttpServer http;
    private Agents agents;
    private CallBridge bridge;
    private SipServer sip;
    private volatile String state = "starting";
    private volatile Runnable drainRequest = () -> new Thread(this::drainAndStop, "drain").start();
    private boolean stopped;

    private Gateway(GatewayConfig config, CallRecordSink recordTap, Map<String, String> environment)
            throws IOException {
        this.config = config;
        this.recordTap = recordTap;
        this.environment = environment;
        this.loops = new IoLoops(config.rtp().ioThreads());
        RecordsConfig r = config.records();
        this.records = new JsonLinesRecordSink(r.file().isEmpty() ? null : Path.of(r.file()), r.maxFileMb() * MEGABYTE,
                r.maxFiles(), config.metrics().recentCalls(), new JsonLinesRecordSink.Listener() {
                    @Override
                    public void written() {
                        meters.recordsWritten().increment();
                    }

                    @Override
                    public void dropped(String reason) {
                        meters.recordsDropped(reason).increment();
                    }
                });
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
        RtpEngine media = new RtpEngine(config.rtp(), loops.udpTransport(), new MicrometerMediaObserver(meters));
        meters.bindPorts(media);
        runtime = new RuntimeMetrics(registry, loops.group(), ByteBufAllocator.DEFAULT);
        webhook = webhook(config.records());
        agents = new Agents(loops, environment, meters);
        bridge = new CallBridge(config.calls(), loops, media, agents.router(config), this::onRecord,
                new MicrometerCallObserver(meters), config.records().attribution(), loops);
        meters.bindLoopLag(loops::maxLagNanos);
        meters.bindActiveCalls(bridge::activeCalls);
        Set<String> agentKinds = new TreeSet<>();
        agentKinds.add(config.agent().kind());
        config.routes().forEach(route -> agentKinds.add(route.agent().kind()));
        meters.registerBaseline(agentKinds);
        if (config.metrics().enabled()) {
            http = config.admin().enabled()
                    ? new MetricsHttpServer(config.metrics().bindAddress(), config.metrics().port(), registry::scrape,
                            new Status(), new Admin(), adminToken())
                    : new MetricsHttpServer(config.metrics().bindAddress(), config.metrics().port(), registry::scrape,
                            new Status());
            http.start();
        } else if (config.admin().enabled()) {
            throw new ConfigException("admin.enabled", "metrics.enabled: true (the admin endpoints live there)",
                    true);
        }
        ReadinessGate gate = new ReadinessGate(bridge, config.rtp().srtp());
        sip = new SipServer(config.sip(), config.rtp().effectiveAdvertisedAddress(), gate,
                new MicrometerSignallingObserver(meters), digestCredentials());
        sip.start();
        loops.prepareResolvers();
        if (!config.calls().warmUp().isZero()) {
            new WarmUp(loops, media).run(config.calls().warmUp()); // /ready, OPTIONS and INVITEs answer 503 meanwhile
        }
        gate.open();
        state = "ready";
        LOG.info("Trunkline ready: SIP on {}:{} ({}), RTP {}-{} (SRTP {}), agent {}", config.sip().bindAddress(),
                config.sip().port(), String.join("/", config.sip().transports()), config.rtp().portMin(),
                config.rtp().portMax(), config.rtp().srtp().configValue(), config.agent().kind());
    }

    /** The webhook sink, when one is configured; its signing secret comes from the environment, never a file. */
    private WebhookSink webhook(RecordsConfig r) {
        if (!r.hasWebhook()) {
            return null;
        }
        String secret = environment.get(r.webhookSecretEnv());
        if (secret == null || secret.isEmpty()) {
            throw new ConfigException("records.webhook-secret-env",
                    "the name of an environment variable that holds the webhook signing secret",
                    r.webhookSecretEnv() + " (unset)");
        }
        return new WebhookSink(URI.create(r.webhookUrl()), secret.getBytes(StandardCharsets.UTF_8),
                r.webhookTimeout(), r.webhookMaxAttempts(), r.webhookQueue(),
                result -> meters.recordsWebhook(result).increment());
    }

    /** SIP digest credentials from the environment variables the configuration names, when digest is on. */
    private DigestCredentials digestCredentials() {
        SipAccessConfig access = config.sip().access();
        if (!access.digestEnabled()) {
            return null;
        }
        String username = environment.get(access.digestUsernameEnv());
        String password = environment.get(access.digestPasswordEnv());
        if (username == null || username.isEmpty()) {
            throw new ConfigException("sip.digest-username-env",
                    "the name of an environment variable that holds the SIP digest username",
                    access.digestUsernameEnv() + " (unset)");
        }
        if (password == null || password.isEmpty()) {
            throw new ConfigException("sip.digest-password-env",
                    "the name of an environment variable that holds the SIP digest password",
                    access.digestPasswordEnv() + " (unset)");
        }
        return new DigestCredentials(username, password);
    }

    /** The admin bearer token, from the environment variable the configuration names; never from a file. */
    private String adminToken() {
        String token = environment.get(config.admin().tokenEnv());
        if (token == null || token.isBlank()) {
            throw new ConfigException("admin.token-env",
                    "the name of an environment variable that holds the admin bearer token",
                    config.admin().tokenEnv() + " (unset)");
        }
        return token;
    }

    /**
     * What {@code POST /admin/drain} does: by default drain and stop on a thread of its own; {@link Main} makes it
     * the same as SIGTERM (drain, then exit 0).
     */
    public void onDrainRequest(Runnable action) {
        drainRequest = java.util.Objects.requireNonNull(action, "action");
    }

    /** Every finished call: file and log, webhook, embedding tap. Called on call loops: nothing here blocks. */
    private void onRecord(CallRecord record) {
        callsEnded.incrementAndGet();
        records.accept(record);
        if (webhook != null) {
            webhook.accept(record);
        }
        recordTap.accept(record);
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
        if (bridge != null && !bridge.acceptingCalls()) {
            return "draining";
        }
        return state;
    }

    /** The I/O event loops (tests occupy one to show the overload guard). */
    public IoLoops loops() {
        return loops;
    }

    /** What the admin endpoints act on. */
    private final class Admin implements AdminApi {
        private final AtomicBoolean requested = new AtomicBoolean();

        @Override
        public void drain() {
            if (requested.compareAndSet(false, true)) {
                drainRequest.run();
            }
        }

        @Override
        public Map<String, Object> effectiveConfig() {
            return ConfigLoader.effective(config);
        }
    }

    /** What the HTTP endpoint shows. */
    private final class Status implements GatewayStatus {
        @Override
        public String state() {
            return Gateway.this.state();
        }

        @Override
        public List<ActiveCall> activeCalls() {
            return bridge == null ? List.of() : bridge.activeCallList();
        }

        @Override
        public List<CallRecord> recentRecords() {
            return records.recent();
        }

        @Override
        public long callsEnded() {
            return callsEnded.get();
        }
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
        if (webhook != null) {
            webhook.close(Duration.ofSeconds(5));
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
