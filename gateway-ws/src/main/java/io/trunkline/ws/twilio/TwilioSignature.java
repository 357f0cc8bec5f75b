package io.trunkline.ws.twilio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Twilio-Signature} as Twilio computes it: base64 of the HMAC-SHA1, keyed with the account's auth token, of
 * the request URL followed by the POST parameters sorted by name. A WebSocket upgrade is a GET, so only the URL is
 * signed, query string included, exactly as configured (Twilio signs the {@code <Stream url>} as written; its
 * helper libraries accept the URL with and without the default port).
 */
public final class TwilioSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Twilio-Signature";

    private TwilioSignature() {
    }

    /** The signature of a request to {@code url} without POST parameters. */
    public static String of(String authToken, URI url) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(signedUrl(url).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is a JDK requirement (every Java platform has it).
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * The URL as configured, with {@code /} as path when it has none: the request line then says {@code GET /}, and
     * validators that rebuild the URL from the request (or parse it, as WHATWG URLs do) see the {@code /}.
     */
    static String signedUrl(URI url) {
        String s = url.toString();
        if (url.getRawPath() != null && !url.getRawPath().isEmpty()) {
            return s;
        }
        int authorityEnd = s.indexOf("//") + 2 + url.getRawAuthority().length();
        return s.substring(0, authorityEnd) + "/" + s.substring(authorityEnd);
    }
}
