package io.trunkline.sip.outbound;

import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.guard.DigestHash;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;

/**
 * Answers a trunk's digest challenge (RFC 3261 section 22.2, RFC 2617): the {@code Authorization} for a 401, the
 * {@code Proxy-Authorization} for a 407, with MD5 and, when the challenge offers it, {@code qop=auth} with our own
 * {@code cnonce} and {@code nc=00000001} (each challenge is answered once). A challenge for another algorithm, or
 * with {@code qop} but not {@code auth}, cannot be answered.
 */
final class DigestAnswer {
    static final String NONCE_COUNT = "00000001";

    private DigestAnswer() {
    }

    /**
     * The header that answers {@code challenge} for {@code method} to {@code uri}; null when the response carries no
     * digest challenge we can answer.
     */
    static AuthorizationHeader answer(Response challenge, DigestCredentials credentials, String method, URI uri,
            HeaderFactory headers) throws ParseException {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader auth = (WWWAuthenticateHeader) challenge.getHeader(
                proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (auth == null || !"digest".equalsIgnoreCase(auth.getScheme()) || auth.getNonce() == null
                || auth.getAlgorithm() != null && !"MD5".equalsIgnoreCase(auth.getAlgorithm())) {
            return null;
        }
        String qop = qop(auth.getQop());
        if (auth.getQop() != null && qop == null) {
            return null; // auth-int only
        }
        String cnonce = qop == null ? null : cnonce();
        String realm = auth.getRealm() == null ? "" : auth.getRealm();
        String response = DigestHash.response(credentials.username(), realm, credentials.password(),
                method, uri.toString(), auth.getNonce(), qop, NONCE_COUNT, cnonce);
        AuthorizationHeader header = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        header.setUsername(credentials.username());
        header.setRealm(realm);
        header.setNonce(auth.getNonce());
        header.setURI(uri);
        header.setResponse(response);
        header.setAlgorithm("MD5");
        if (auth.getOpaque() != null) {
            header.setOpaque(auth.getOpaque());
        }
        if (qop != null) {
            header.setQop(qop);
            header.setCNonce(cnonce);
            header.setNonceCount(1);
        }
        return header;
    }

    /** {@code auth} when the challenge's qop list offers it, null when it offers none or only others. */
    static String qop(String offered) {
        if (offered == null) {
            return null;
        }
        for (String option : offered.split(",")) {
            if (option.trim().toLowerCase(Locale.ROOT).equals("auth")) {
                return "auth";
            }
        }
        return null;
    }

    private static String cnonce() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
