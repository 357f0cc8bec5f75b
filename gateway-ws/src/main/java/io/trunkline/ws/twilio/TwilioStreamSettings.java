package io.trunkline.ws.twilio;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.ParameterTemplate;
import io.trunkline.ws.transport.Endpoint;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the gateway streams calls in the Twilio Media Streams format, what it tells the agent in each {@code start}
 * message, and how it signs the WebSocket upgrade. {@link #toString()} shows neither the URL's path and query, nor
 * the parameter values, nor the auth token.
 *
 * @param url              the agent's {@code ws://} or {@code wss://} URL
 * @param customParameters sent in {@code start.customParameters}, together with the call's X- headers (a configured
 *                         parameter wins over a header of the same name); values may hold placeholders for the
 *                         call's facts ({@link ParameterTemplate}); null means
 *                         {@link AgentConfig#DEFAULT_CUSTOM_PARAMETERS}, empty none
 * @param accountSid       {@code start.accountSid} for calls without an {@code X-Twilio-AccountSid} header
 * @param authToken        the Twilio auth token that signs the upgrade ({@code X-Twilio-Signature}), or null for
 *                         no signature; a secret
 */
public record TwilioStreamSettings(URI url, Map<String, String> customParameters, String accountSid,
        String authToken) {

    /** A well-formed account SID that names no account, for calls that did not come through Twilio. */
    public static final String DEFAULT_ACCOUNT_SID = "AC" + "0".repeat(32);

    public TwilioStreamSettings {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("twilio-stream url must be ws:// or wss://, was " + scheme + "://");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("twilio-stream url has no host");
        }
        Map<String, String> params = new LinkedHashMap<>();
        (customParameters == null ? AgentConfig.DEFAULT_CUSTOM_PARAMETERS : customParameters).forEach((name, value) -> {
            if (name == null || name.isEmpty() || value == null) {
                throw new IllegalArgumentException("twilio-stream customParameters need names and values");
            }
            ParameterTemplate.parse("agent.custom-parameters", value);
            params.put(name, value);
        });
        // Kept in the configured order, which is the order the agent sees.
        customParameters = Collections.unmodifiableMap(params);
        accountSid = accountSid == null || accountSid.isBlank() ? DEFAULT_ACCOUNT_SID : accountSid;
        authToken = authToken == null || authToken.isEmpty() ? null : authToken;
    }

    /** Streams to {@code url} with the given parameters and account SID, unsigned. */
    public TwilioStreamSettings(URI url, Map<String, String> customParameters, String accountSid) {
        this(url, customParameters, accountSid, null);
    }

    /** Streams to {@code url} with the default custom parameters and account SID, unsigned. */
    public static TwilioStreamSettings of(URI url) {
        return new TwilioStreamSettings(url, null, null, null);
    }

    /** The same settings, with the upgrade signed by {@code token}. */
    public TwilioStreamSettings signedWith(String token) {
        return new TwilioStreamSettings(url, customParameters, accountSid, token);
    }

    /**
     * Where every call connects: {@link #url} with, when an auth token is set, the {@code X-Twilio-Signature} header
     * Twilio would send. The signature covers only the URL, so one value serves every call.
     */
    public Endpoint endpoint() {
        Map<String, String> headers = authToken == null ? Map.of()
                : Map.of(TwilioSignature.HEADER, TwilioSignature.of(authToken, url));
        return new Endpoint(url, headers, null);
    }

    @Override
    public String toString() {
        return "TwilioStreamSettings[url=" + url.getScheme() + "://" + url.getHost() + ", customParameters="
                + customParameters.keySet() + ", accountSid=" + accountSid + ", signed=" + (authToken != null) + "]";
    }
}
