package io.trunkline.sip.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * The certificate chain (server certificate first) and its private key that TLS handshakes present, under an alias
 * unique to this load so that a handshake that picked one identity never mixes it with the next.
 */
public final class TlsIdentity {
    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final String alias;

    TlsIdentity(X509Certificate[] chain, PrivateKey key, String alias) {
        if (chain.length == 0) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        this.chain = chain.clone();
        this.key = Objects.requireNonNull(key, "key");
        this.alias = Objects.requireNonNull(alias, "alias");
    }

    X509Certificate[] chain() {
        return chain.clone();
    }

    PrivateKey key() {
        return key;
    }

    String alias() {
        return alias;
    }

    /** The server certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain[0];
    }

    public Instant notAfter() {
        return chain[0].getNotAfter().toInstant();
    }

    /** Subject, serial number and expiry, for the log: what an operator checks after a renewal. */
    public String describe() {
        return chain[0].getSubjectX500Principal().getName() + " (serial " + chain[0].getSerialNumber().toString(16)
                + ", " + key.getAlgorithm() + ", valid until " + notAfter() + ", chain of " + chain.length + ")";
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + describe() + "]"; // never the key
    }
}
