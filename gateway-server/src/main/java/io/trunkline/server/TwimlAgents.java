package io.trunkline.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.observe.TwimlObserver;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import io.trunkline.ws.twiml.StatusCallbacks;
import io.trunkline.ws.twiml.TwimlCalls;
import io.trunkline.ws.twiml.TwimlConfig;
import io.trunkline.ws.twiml.TwimlConnector;
import io.trunkline.ws.twiml.TwimlSettings;
import io.trunkline.ws.twiml.WebhookClient;
import java.net.URI;
import javax.net.ssl.SSLException;

/**
 * What every {@code agent.kind: twiml} agent of a gateway shares: one webhook client and TLS context on the I/O
 * loops, the registry of TwiML calls (the Calls resource's view), and the call control, which exists only once the
 * bridge is built. Also remembers the account and auth token the Calls resource checks.
 */
final class TwimlAgents {
    /** Ended calls the Calls resource still lists. */
    static final int RECENT_CALLS = 200;
    /** Status events in flight at once across all calls; more are dropped and counted. */
    static final int MAX_PENDING_CALLBACKS = 10_000;

    private final ClientTransport transport;
    private final WebhookClient client;
    private final SslContext ssl;
    private final TwimlObserver observer;
    private final TwimlCalls calls = new TwimlCalls(RECENT_CALLS);
    private volatile CallControl control = Unbound.INSTANCE;
    private String accountSid;
    private String authToken;

    /** @param observer where the outcomes of requests for TwiML and of status callbacks are counted */
    TwimlAgents(ClientTransport transport, TwimlObserver observer) {
        this.transport = transport;
        this.observer = observer;
        try {
            this.ssl = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context", e);
        }
        this.client = new WebhookClient(transport, ssl);
    }

    TwimlConnector connector(AgentConfig agent, EnvironmentSecrets secrets, IgnoredMessageObserver ignored) {
        TwimlConfig config = agent.option(TwimlConfig.class)
                .orElseThrow(() -> new ConfigException("twiml", "a twiml section for agent.kind twiml", "none"));
        String token = config.authTokenEnv().isEmpty() ? null
                : secrets.require("twiml.auth-token-env", config.authTokenEnv(), "the Twilio auth token").trim();
        StatusCallbacks callbacks = config.statusCallback().isEmpty() ? null
                : new StatusCallbacks(client, URI.create(config.statusCallback()), config.statusCallbackMethod(), token,
                        config.timeout(), TwimlSettings.guardFor(config), MAX_PENDING_CALLBACKS, 1000, observer);
        TwimlSettings settings = new TwimlSettings(config, token, client, callbacks, calls, () -> control,
                observer);
        if (token != null && !config.accountSid().isEmpty() && authToken == null) {
            accountSid = config.accountSid();
            authToken = token;
        }
        return new TwimlConnector(settings, agent, transport, ssl, ignored);
    }

    /** The bridge is built: {@code <Dial>} and the Calls resource act through it from now on. */
    void bind(CallControl control) {
        this.control = control;
    }

    CallControl control() {
        return control;
    }

    TwimlCalls calls() {
        return calls;
    }

    /** The account the Calls resource serves, or null when no TwiML agent names one with an auth token. */
    String accountSid() {
        return accountSid;
    }

    String authToken() {
        return authToken;
    }

    /** Before the bridge exists nothing can be controlled (no call exists either). */
    private static final class Unbound implements CallControl {
        static final Unbound INSTANCE = new Unbound();

        @Override
        public String place(io.trunkline.core.control.OutboundRequest request) throws CallControlException {
            throw unavailable();
        }

        @Override
        public void hangup(String callId) throws CallControlException {
            throw unavailable();
        }

        @Override
        public void sendDtmf(String callId, String digits) throws CallControlException {
            throw unavailable();
        }

        @Override
        public void transfer(String callId, io.trunkline.core.agent.TransferRequest request,
                io.trunkline.core.config.TransferMode mode) throws CallControlException {
            throw unavailable();
        }

        private static CallControlException unavailable() {
            return new CallControlException(CallControlException.Kind.UNAVAILABLE, "the gateway is starting");
        }
    }
}
