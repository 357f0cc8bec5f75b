package io.trunkline.metrics.records;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a record webhook is signed: {@code X-Trunkline-Signature: sha256=HEX} where {@code HEX} is the lower-case
 * hex HMAC-SHA256, keyed with the shared secret, of {@code TIMESTAMP + "." + BODY}, and {@code TIMESTAMP} is the
 * {@code X-Trunkline-Timestamp} header (Unix seconds). Signing the timestamp lets the receiver refuse replays.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Trunkline-Signature";
    public static final String TIMESTAMP_HEADER = "X-Trunkline-Timestamp";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WebhookSignature() {
    }

    /** The {@code X-Trunkline-Signature} value for {@code body} sent at {@code timestamp}. */
    public static String sign(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder("sha256=");
            for (byte b : digest) {
                out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return out.toString();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
