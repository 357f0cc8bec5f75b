package io.trunkline.sip.tls;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Gives JAIN-SIP the gateway's key material. The stack instantiates this class by name (property
 * {@code gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER}) and builds its TLS contexts from what it returns, so the
 * key manager is found by the stack's unique name, registered by {@link SipTls} before the stack is created.
 * Trust is the JDK's default trust store: it is used only when the stack opens a TLS connection itself, since the
 * gateway does not ask callers for a client certificate.
 */
public final class TlsSecurityManagerProvider implements SecurityManagerProvider {
    private static final Map<String, KeyManager> KEY_MANAGERS = new ConcurrentHashMap<>();

    private KeyManager keyManager;
    private TrustManager[] trustManagers;

    static void register(String stackName, KeyManager keyManager) {
        KEY_MANAGERS.put(stackName, keyManager);
    }

    static void unregister(String stackName) {
        KEY_MANAGERS.remove(stackName);
    }

    @Override
    public void init(Properties properties) throws GeneralSecurityException {
        String stackName = properties.getProperty("javax.sip.STACK_NAME");
        keyManager = stackName == null ? null : KEY_MANAGERS.get(stackName);
        if (keyManager == null) {
            throw new GeneralSecurityException("no SIP TLS key material registered for stack " + stackName);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init((KeyStore) null);
        trustManagers = trust.getTrustManagers();
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return new KeyManager[] {keyManager};
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers.clone();
    }
}
