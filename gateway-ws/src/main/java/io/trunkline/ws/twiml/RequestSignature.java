package io.trunkline.ws.twiml;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Twilio-Signature} of a webhook request, as Twilio computes it: base64 of the HMAC-SHA1, keyed with the
 * account's auth token, of the full URL (query included) followed, for a form POST, by each parameter's name and
 * value, sorted by name. A GET carries its parameters in the URL and signs only the URL.
 */
public final class RequestSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Twilio-Signature";

    private RequestSignature() {
    }

    /** The signature of a request to {@code url} with the form parameters {@code params} (empty for a GET). */
    public static String of(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e); // every Java platform has it
        }
    }
}
