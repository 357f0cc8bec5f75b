package io.trunkline.ws.twiml;

import io.trunkline.core.config.AgentOptions;
import io.trunkline.core.config.Check;
import io.trunkline.core.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code twiml} section of the configuration, for {@code agent.kind: twiml}: the application's voice URL that
 * answers each call in TwiML, as Twilio would ask it, and what happens around it. Carried in
 * {@link io.trunkline.core.config.AgentConfig#options()}.
 *
 * @param voiceUrl            the voice URL ({@code http://} or {@code https://})
 * @param method              {@code POST} (Twilio's default) or {@code GET}, for the voice and fallback URLs
 * @param fallbackUrl         asked when the voice URL fails (no answer in time, an error status, malformed TwiML),
 *                            or empty
 * @param timeout             how long each request may take
 * @param authTokenEnv        the environment variable holding the Twilio auth token that signs the requests
 *                            ({@code X-Twilio-Signature}) and guards the Calls resource, or empty for neither
 * @param accountSid          {@code AccountSid} for calls whose trunk sent no {@code X-Twilio-AccountSid}; also the
 *                            account of the Calls resource
 * @param failureResponse     the SIP status a call gets when neither URL gives usable TwiML
 * @param statusCallback      where call progress events are posted ({@code initiated}, {@code ringing},
 *                            {@code answered}, {@code completed}), or empty
 * @param statusCallbackMethod {@code POST} or {@code GET}
 * @param trustedCallbackHosts hosts that status callbacks, redirects and TwiML from the Calls resource may reach
 *                            even when they resolve to loopback or private addresses (the voice and fallback URLs'
 *                            hosts are always trusted)
 * @param setupTimeout        how long the TwiML of a call may take before the call is answered (fetches,
 *                            redirects, pauses) before it gets {@code failureResponse}
 */
public record TwimlConfig(
        String voiceUrl,
        String method,
        String fallbackUrl,
        Duration timeout,
        String authTokenEnv,
        String accountSid,
        int failureResponse,
        String statusCallback,
        String statusCallbackMethod,
        List<String> trustedCallbackHosts,
        Duration setupTimeout) implements AgentOptions {

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");

    public static final TwimlConfig DEFAULTS = new TwimlConfig("", "POST", "", Duration.ofSeconds(5), "", "", 503, "",
            "POST", List.of(), Duration.ofSeconds(30));

    public TwimlConfig {
        voiceUrl = trim(voiceUrl);
        fallbackUrl = trim(fallbackUrl);
        statusCallback = trim(statusCallback);
        checkUrl("twiml.voice-url", voiceUrl);
        checkUrl("twiml.fallback-url", fallbackUrl);
        checkUrl("twiml.status-callback", statusCallback);
        method = method(("twiml.method"), method);
        statusCallbackMethod = method("twiml.status-callback-method", statusCallbackMethod);
        Check.positive("twiml.timeout", timeout);
        Check.positive("twiml.setup-timeout", setupTimeout);
        authTokenEnv = trim(authTokenEnv);
        accountSid = trim(accountSid);
        if (!accountSid.isEmpty() && !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new ConfigException("twiml.account-sid", "AC followed by 32 hex digits", accountSid);
        }
        if (failureResponse < 400 || failureResponse > 699) {
            throw new ConfigException("twiml.failure-response", "a SIP status from 400 to 699", failureResponse);
        }
        trustedCallbackHosts = trustedCallbackHosts == null ? List.of()
                : trustedCallbackHosts.stream().map(String::trim).filter(h -> !h.isEmpty()).toList();
    }

    /** A TwiML agent needs its voice URL. */
    @Override
    public void checkFor(String kind) {
        if (kind.equals("twiml") && voiceUrl.isEmpty()) {
            throw new ConfigException("twiml.voice-url", "the application's voice URL for agent.kind twiml", "none");
        }
    }

    /** The hosts of the voice and fallback URLs, which the operator configured and so trusts. */
    public Set<String> configuredHosts() {
        Set<String> hosts = new java.util.HashSet<>();
        for (String url : List.of(voiceUrl, fallbackUrl)) {
            if (!url.isEmpty() && URI.create(url).getHost() != null) {
                hosts.add(URI.create(url).getHost());
            }
        }
        return hosts;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static void checkUrl(String key, String url) {
        if (url.isEmpty()) {
            return;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "a valid URL", "invalid at index " + e.getIndex());
        }
        if (!(lower.startsWith("http://") || lower.startsWith("https://")) || uri.getHost() == null) {
            throw new ConfigException(key, "an http:// or https:// URL", uri.getScheme() + "://…");
        }
    }

    private static String method(String key, String method) {
        String m = method == null || method.isBlank() ? "POST" : method.trim().toUpperCase(Locale.ROOT);
        if (!m.equals("POST") && !m.equals("GET")) {
            throw new ConfigException(key, "POST or GET", method);
        }
        return m;
    }
}
