package io.trunkline.sip.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager the SIP stack's TLS contexts are built with: it presents whichever {@link TlsIdentity} is current
 * when a handshake starts, so a renewed certificate is swapped in with {@link #use} and the stack is never touched.
 * Connections already established keep their session. The identity that was current before stays reachable by its
 * alias, so that a handshake that chose it just before a swap still finds its chain and key.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {
    private volatile TlsIdentity current;
    private volatile TlsIdentity previous;

    public ReloadableKeyManager(TlsIdentity identity) {
        this.current = Objects.requireNonNull(identity, "identity");
    }

    /** Presents {@code identity} from the next handshake on. */
    public synchronized void use(TlsIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        previous = current;
        current = identity;
    }

    public TlsIdentity current() {
        return current;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    // When the stack opens a connection itself (a BYE after the caller's connection closed) and the peer asks for a
    // client certificate, the same identity answers: SIP servers authenticate each other that way (RFC 5922).

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        if (keyTypes == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            String alias = aliasFor(keyType);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsIdentity identity = byAlias(alias);
        return identity == null ? null : identity.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsIdentity identity = byAlias(alias);
        return identity == null ? null : identity.key();
    }

    private String aliasFor(String keyType) {
        TlsIdentity identity = current;
        return keyType == null || keyType.equals(identity.key().getAlgorithm()) ? identity.alias() : null;
    }

    private TlsIdentity byAlias(String alias) {
        TlsIdentity identity = current;
        if (identity.alias().equals(alias)) {
            return identity;
        }
        identity = previous;
        return identity != null && identity.alias().equals(alias) ? identity : null;
    }
}
