package io.trunkline.ws.twiml;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request the gateway sends in Twilio's place (the voice URL, a redirect, a status callback): form parameters
 * in the body of a POST or in the query of a GET, signed with {@code X-Twilio-Signature} when an auth token is
 * known. Immutable.
 *
 * @param method {@code GET} or {@code POST}
 * @param url    the URL as configured or as the TwiML named it
 * @param params the parameters, in the order they are sent
 */
public record FormRequest(String method, URI url, Map<String, String> params) {

    public FormRequest {
        method = method.toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("method must be GET or POST");
        }
        Objects.requireNonNull(url, "url");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The URL the request goes to: for a GET, with the parameters appended to the query. */
    public URI target() {
        if (method.equals("POST") || params.isEmpty()) {
            return url;
        }
        String s = url.toString();
        int hash = s.indexOf('#');
        String fragmentless = hash < 0 ? s : s.substring(0, hash);
        String sep = url.getRawQuery() == null ? "?" : fragmentless.endsWith("&") ? "" : "&";
        return URI.create(fragmentless + sep + encoded());
    }

    /** The form body of a POST ({@code application/x-www-form-urlencoded}), empty for a GET. */
    public byte[] body() {
        return method.equals("POST") ? encoded().getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    /** The signature Twilio would send with this request. */
    public String signature(String authToken) {
        return method.equals("POST") ? RequestSignature.of(authToken, url.toString(), params)
                : RequestSignature.of(authToken, target().toString(), Map.of());
    }

    private String encoded() {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }
}
