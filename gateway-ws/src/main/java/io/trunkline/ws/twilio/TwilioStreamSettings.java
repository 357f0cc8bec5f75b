package io.trunkline.ws.twilio;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the gateway streams calls in the Twilio Media Streams format, and what it tells the agent in each
 * {@code start} message. {@link #toString()} shows neither the URL's path and query nor the parameter values, which
 * may carry tokens.
 *
 * @param url              the agent's {@code ws://} or {@code wss://} URL
 * @param customParameters sent in {@code start.customParameters}, together with the call's X- headers (a configured
 *                         parameter wins over a header of the same name); may be empty
 * @param accountSid       {@code start.accountSid} for calls without an {@code X-Twilio-AccountSid} header
 */
public record TwilioStreamSettings(URI url, Map<String, String> customParameters, String accountSid) {

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
        if (customParameters != null) {
            customParameters.forEach((name, value) -> {
                if (name == null || name.isEmpty() || value == null) {
                    throw new IllegalArgumentException("twilio-stream customParameters need names and values");
                }
                params.put(name, value);
            });
        }
        // Kept in the configured order, which is the order the agent sees.
        customParameters = Collections.unmodifiableMap(params);
        accountSid = accountSid == null || accountSid.isBlank() ? DEFAULT_ACCOUNT_SID : accountSid;
    }

    /** Streams to {@code url} with no custom parameters and the default account SID. */
    public static TwilioStreamSettings of(URI url) {
        return new TwilioStreamSettings(url, Map.of(), null);
    }

    @Override
    public String toString() {
        return "TwilioStreamSettings[url=" + url.getScheme() + "://" + url.getHost() + ", customParameters="
                + customParameters.keySet() + ", accountSid=" + accountSid + "]";
    }
}
