package io.trunkline.sip.guard;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no per-nonce state: {@code base64url(issuedMillis || HMAC-SHA256(key, issuedMillis)[0..16])}
 * with a key drawn at random when the process starts. A nonce is genuine when its MAC verifies, and fresh while
 * younger than the time to live. A restart invalidates outstanding nonces (callers simply get a new challenge).
 */
final class NonceCodec {
    static final int MAC_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int NONCE_BYTES = Long.BYTES + MAC_BYTES;

    /** What a nonce turned out to be. */
    enum Check { FRESH, STALE, INVALID }

    private final SecretKeySpec key;
    private final long ttlMillis;
    private final LongSupplier wallMillis;

    NonceCodec(byte[] key, Duration ttl, LongSupplier wallMillis) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.ttlMillis = ttl.toMillis();
        this.wallMillis = wallMillis;
    }

    /** A codec with a fresh random key and the system clock. */
    static NonceCodec random(Duration ttl) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new NonceCodec(key, ttl, System::currentTimeMillis);
    }

    String issue() {
        long now = wallMillis.getAsLong();
        ByteBuffer buf = ByteBuffer.allocate(NONCE_BYTES);
        buf.putLong(now).put(mac(now));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    Check check(String nonce) {
        if (nonce == null || nonce.length() > 64) {
            return Check.INVALID;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (bytes.length != NONCE_BYTES) {
            return Check.INVALID;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long issued = buf.getLong();
        byte[] mac = Arrays.copyOfRange(bytes, Long.BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(mac, mac(issued))) {
            return Check.INVALID;
        }
        long age = wallMillis.getAsLong() - issued;
        // A little clock step backwards is tolerated; a nonce from the future was not issued by this clock.
        return age < -1000 ? Check.INVALID : age > ttlMillis ? Check.STALE : Check.FRESH;
    }

    private byte[] mac(long issued) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(issued).array()), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
