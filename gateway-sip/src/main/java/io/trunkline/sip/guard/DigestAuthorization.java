package io.trunkline.sip.guard;

/**
 * The fields of one {@code Authorization: Digest ...} header that the verifier needs (RFC 2617 section 3.2.2).
 * Values are unquoted; absent ones are null.
 */
record DigestAuthorization(
        String scheme,
        String username,
        String realm,
        String nonce,
        String uri,
        String response,
        String algorithm,
        String qop,
        String cnonce,
        String nonceCount) {
}
