package io.trunkline.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.observe.SignallingObserver;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.core.signalling.OutboundDialer;
import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.guard.RequestGuard;
import io.trunkline.sip.stack.StackProperties;
import io.trunkline.sip.stack.StackTuning;
import io.trunkline.sip.stack.TlsStackProperties;
import io.trunkline.sip.tls.SipTls;
import io.trunkline.sip.outbound.SipDialer;
import io.trunkline.sip.uas.CallRegistry;
import io.trunkline.sip.uas.ClientDialogs;
import io.trunkline.sip.uas.UasListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's SIP user agent server on JAIN-SIP: listens on UDP, TCP and/or TLS, answers INVITEs through the
 * {@link InboundCallHandler} (the call bridge), and handles the dialogs it creates. Each instance owns its own
 * stack and threads and shares nothing with other instances, so several can run in one JVM on different ports.
 */
public final class SipServer {
    private static final Logger log = LoggerFactory.getLogger(SipServer.class);

    private final SipConfig config;
    private final String mediaAdvertisedAddress;
    private final InboundCallHandler handler;
    private final StackTuning tuning;
    private final RequestGuard guard;
    private final CallRegistry registry = new CallRegistry();

    private SipStackImpl stack;
    private SipProvider provider;
    private UasListener listener;
    private SendPool sendPool;
    private SipTls tls;
    private volatile boolean bound;
    private OutboundConfig outboundConfig;
    private DigestCredentials outboundCredentials;
    private volatile SipDialer dialer;

    /**
     * @param config                  where to listen and how big the stack may grow
     * @param mediaAdvertisedAddress  the address written into SDP answers (where carriers send RTP)
     * @param handler                 receives new calls
     */
    public SipServer(SipConfig config, String mediaAdvertisedAddress, InboundCallHandler handler) {
        this(config, mediaAdvertisedAddress, handler, SignallingObserver.NOOP, null);
    }

    /**
     * @param observer     counts refused requests
     * @param credentials  the digest credentials INVITEs must prove; required when {@code sip.digest-enabled}
     * @throws io.trunkline.core.config.ConfigException for an invalid {@code sip.allowlist} entry
     */
    public SipServer(SipConfig config, String mediaAdvertisedAddress, InboundCallHandler handler,
            SignallingObserver observer, DigestCredentials credentials) {
        this(config, mediaAdvertisedAddress, handler, StackTuning.DEFAULTS, observer, credentials);
    }

    SipServer(SipConfig config, String mediaAdvertisedAddress, InboundCallHandler handler, StackTuning tuning) {
        this(config, mediaAdvertisedAddress, handler, tuning, SignallingObserver.NOOP, null);
    }

    SipServer(SipConfig config, String mediaAdvertisedAddress, InboundCallHandler handler, StackTuning tuning,
            SignallingObserver observer, DigestCredentials credentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.mediaAdvertisedAddress = Objects.requireNonNull(mediaAdvertisedAddress, "mediaAdvertisedAddress");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        if (mediaAdvertisedAddress.isBlank()) {
            throw new IllegalArgumentException("mediaAdvertisedAddress must not be blank");
        }
        this.guard = new RequestGuard(config.access(), credentials, Objects.requireNonNull(observer, "observer"),
                System::nanoTime);
    }

    /**
     * Places outbound calls through {@code config.trunk()} once started ({@link #dialer()}), answering the trunk's
     * digest challenges with {@code credentials} (null: none, IP ACL only). Call before {@link #start()}.
     *
     * @throws ConfigException when the server does not listen on the trunk's transport
     */
    public synchronized void enableOutbound(OutboundConfig config, DigestCredentials credentials) {
        Objects.requireNonNull(config, "config");
        if (stack != null) {
            throw new IllegalStateException("outbound calls must be enabled before the SIP server starts");
        }
        if (!this.config.transports().contains(config.transport())) {
            throw new ConfigException("outbound.transport", "one of sip.transports " + this.config.transports(),
                    config.transport());
        }
        this.outboundConfig = config;
        this.outboundCredentials = credentials;
    }

    /** The UAC toward the termination trunk, or null when outbound calls are not enabled or the server is stopped. */
    public OutboundDialer dialer() {
        return dialer;
    }

    /**
     * Creates the stack and binds every configured transport.
     *
     * @throws SipBindException when a transport cannot listen (port in use, address not local)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws Exception {
        if (stack != null) {
            throw new IllegalStateException("SIP server already started");
        }
        String stackName = "trunkline-sip-" + config.port() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Properties properties = StackProperties.build(config, stackName, tuning);
        SipTls newTls = null;
        if (config.transports().contains("tls")) {
            properties.putAll(TlsStackProperties.build());
            newTls = SipTls.open(config.tls(), stackName);
        }
        Set<String> overridden = StackProperties.overriddenBySystem(properties);
        if (!overridden.isEmpty()) {
            log.warn("JVM system properties override SIP stack settings: {}", overridden);
        }
        SipStackImpl newStack;
        try {
            newStack = new SipStackImpl(properties);
        } catch (Exception | Error e) {
            if (newTls != null) {
                newTls.close();
            }
            throw e;
        }
        SendPool pool = new SendPool(stackName, config.listenerThreads());
        try {
            String sipHost = config.effectiveAdvertisedAddress();
            SipProvider newProvider = bindAll(newStack, sipHost);
            MessageFactoryImpl messageFactory = new MessageFactoryImpl();
            HeaderFactoryImpl headerFactory = new HeaderFactoryImpl();
            AddressFactoryImpl addressFactory = new AddressFactoryImpl();
            SipDialer newDialer = outboundConfig == null ? null : SipDialer.create(newProvider, messageFactory,
                    headerFactory, addressFactory, outboundConfig, outboundCredentials, sipHost,
                    config.portOf(outboundConfig.transport()), mediaAdvertisedAddress, pool);
            UasListener newListener = new UasListener(newProvider, messageFactory, headerFactory,
                    addressFactory, sipHost, config.port(), config.tls().port(), mediaAdvertisedAddress, registry,
                    handler, pool, guard, newDialer == null ? ClientDialogs.NONE : newDialer);
            newProvider.addSipListener(newListener);
            newStack.start();
            stack = newStack;
            provider = newProvider;
            listener = newListener;
            sendPool = pool;
            tls = newTls;
            dialer = newDialer;
            bound = true;
            log.info("SIP listening on {}:{} {}{} (advertised {}, media {})", config.bindAddress(), config.port(),
                    transports(), newTls == null ? "" : ", TLS on " + config.tls().port(), sipHost,
                    mediaAdvertisedAddress);
            logAccess();
        } catch (Exception | Error e) {
            new StackShutdown(newStack, null, null, tuning.stopTimeout()).run();
            pool.shutdown(tuning.stopTimeout());
            if (newTls != null) {
                newTls.close();
            }
            throw e;
        }
    }

    private SipProvider bindAll(SipStackImpl newStack, String sipHost) throws Exception {
        SipProvider newProvider = null;
        for (String transport : transports()) {
            ListeningPoint point;
            int port = config.portOf(transport);
            try {
                point = newStack.createListeningPoint(config.bindAddress(), port, transport);
            } catch (Exception e) {
                throw new SipBindException("cannot listen for SIP on " + config.bindAddress() + ":" + port
                        + "/" + transport + " (port already in use, or address not local?): " + e.getMessage(), e);
            }
            if (!sipHost.equals(config.bindAddress())) {
                point.setSentBy(sentBy(sipHost, port));
            }
            if (newProvider == null) {
                newProvider = newStack.createSipProvider(point);
            } else {
                newProvider.addListeningPoint(point);
            }
        }
        return newProvider;
    }

    /**
     * Stops listening and releases the stack. Bounded: the stack's own shutdown runs on a helper thread that is
     * given {@link StackTuning#stopTimeout()}, because JAIN-SIP may leave a thread behind. Calls still in
     * progress are forgotten (the bridge drains them before stopping the server).
     */
    public void stop() {
        SipStackImpl oldStack;
        SipProvider oldProvider;
        UasListener oldListener;
        SendPool oldPool;
        SipTls oldTls;
        synchronized (this) {
            oldStack = stack;
            oldProvider = provider;
            oldListener = listener;
            oldPool = sendPool;
            oldTls = tls;
            tls = null;
            stack = null;
            provider = null;
            listener = null;
            sendPool = null;
            bound = false;
        }
        if (oldStack == null) {
            return;
        }
        new StackShutdown(oldStack, oldProvider, oldListener, tuning.stopTimeout()).runBounded();
        oldPool.shutdown(tuning.stopTimeout());
        if (oldTls != null) {
            oldTls.close();
        }
        registry.clear();
        SipDialer oldDialer = dialer;
        dialer = null;
        if (oldDialer != null) {
            oldDialer.clear();
        }
        log.info("SIP stopped on {}:{}", config.bindAddress(), config.port());
    }

    /** Whether the server is started and listening. */
    public boolean isBound() {
        return bound;
    }

    /** Calls the SIP layer currently tracks: from INVITE until the final response or the end of the dialog. */
    public int activeDialogs() {
        return registry.size();
    }

    private void logAccess() {
        if (guard.isOpen()) {
            log.warn("SIP allowlist (sip.allowlist) is empty: requests from any source are accepted");
        } else {
            log.info("SIP allowlist: {} (others: {})", config.access().allowlist(),
                    config.access().onDenied().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (guard.authenticates()) {
            log.info("SIP digest authentication of INVITEs on (realm {})", config.access().digestRealm());
        }
    }

    private List<String> transports() {
        List<String> list = new ArrayList<>(3);
        for (String t : List.of("udp", "tcp", "tls")) {
            if (config.transports().contains(t)) {
                list.add(t);
            }
        }
        return list;
    }

    private static String sentBy(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** The certificate new TLS handshakes present, or null without a TLS listener. */
    public synchronized java.security.cert.X509Certificate tlsCertificate() {
        return tls == null ? null : tls.identity().certificate();
    }
}
