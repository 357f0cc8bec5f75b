package io.trunkline.ws.twiml;

import io.trunkline.core.control.CallControl;
import io.trunkline.core.observe.TwimlObserver;
import io.trunkline.ws.twilio.TwilioStreamSettings;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a TwiML call needs beyond its own facts, shared by all calls of one {@code twiml} agent: the
 * configuration, the auth token (read from the environment), the HTTP client, the parser, the address guard, the
 * status callbacks, the call registry and the gateway's call control. {@link #toString()} hides the token.
 */
public final class TwimlSettings {
    /** How many {@code <Redirect>}s a call may follow before its TwiML counts as failed (Twilio loops otherwise). */
    public static final int MAX_REDIRECTS = 10;

    final TwimlConfig config;
    final String authToken;
    final String accountSid;
    final WebhookClient client;
    final TwimlParser parser = new TwimlParser();
    final AddressGuard guard;
    final StatusCallbacks callbacks;
    final TwimlCalls calls;
    final Supplier<CallControl> control;
    final TwimlObserver observer;

    /**
     * @param authToken the Twilio auth token, or null: requests are then unsigned
     * @param callbacks where status events go, or null for none
     * @param control   the gateway's call control (for {@code <Dial>}), known once the gateway is built
     */
    public TwimlSettings(TwimlConfig config, String authToken, WebhookClient client, StatusCallbacks callbacks,
            TwimlCalls calls, Supplier<CallControl> control) {
        this(config, authToken, client, callbacks, calls, control, TwimlObserver.NOOP);
    }

    /** @param observer where the outcome of each request for TwiML is counted */
    public TwimlSettings(TwimlConfig config, String authToken, WebhookClient client, StatusCallbacks callbacks,
            TwimlCalls calls, Supplier<CallControl> control, TwimlObserver observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.authToken = authToken == null || authToken.isEmpty() ? null : authToken;
        this.accountSid = config.accountSid().isEmpty() ? TwilioStreamSettings.DEFAULT_ACCOUNT_SID
                : config.accountSid();
        this.client = Objects.requireNonNull(client, "client");
        this.guard = guardFor(config);
        this.callbacks = callbacks;
        this.calls = Objects.requireNonNull(calls, "calls");
        this.control = Objects.requireNonNull(control, "control");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The configured voice and fallback URLs' hosts are trusted; so are the listed callback hosts. */
    public static AddressGuard guardFor(TwimlConfig config) {
        return new AddressGuard(new java.util.HashSet<>(config.trustedCallbackHosts())).trusting(
                config.configuredHosts());
    }

    URI voiceUrl() {
        return URI.create(config.voiceUrl());
    }

    URI fallbackUrl() {
        return config.fallbackUrl().isEmpty() ? null : URI.create(config.fallbackUrl());
    }

    @Override
    public String toString() {
        return "TwimlSettings[voiceUrl=" + voiceUrl().getScheme() + "://" + voiceUrl().getHost() + ", signed="
                + (authToken != null) + "]";
    }
}
