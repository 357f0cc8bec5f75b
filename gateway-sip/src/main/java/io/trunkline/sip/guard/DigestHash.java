package io.trunkline.sip.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The request-digest of RFC 2617 section 3.2.2.1 with MD5: what the UAS expects from a caller's credentials and
 * what the UAC answers a trunk's challenge with.
 */
public final class DigestHash {
    private DigestHash() {
    }

    /** The response for these credentials and challenge; {@code qop} null is the RFC 2069 form. */
    public static String response(String username, String realm, String password, String method, String uri,
            String nonce, String qop, String nonceCount, String cnonce) {
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        return qop == null
                ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String md5(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
