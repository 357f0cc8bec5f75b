package io.trunkline.sip.stack;

import io.trunkline.sip.tls.TlsSecurityManagerProvider;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * The JAIN-SIP properties for SIP over TLS, kept apart from {@link StackProperties} and added only when a TLS
 * listener is configured. The stack's own defaults would allow TLS 1.0/1.1 and offer anonymous and 3DES cipher
 * suites; these settings allow TLS 1.2 and 1.3 only, with forward-secret AEAD suites.
 */
public final class TlsStackProperties {
    /** The protocols offered and accepted: TLS 1.3 and 1.2 (Twilio requires at least 1.2). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Milliseconds a peer may take to complete the handshake before the connection is closed. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private TlsStackProperties() {
    }

    /** The properties to add to a stack's {@link StackProperties#build} for a TLS listener. */
    public static Properties build() {
        Properties p = new Properties();
        // Key material comes from the PEM files through this provider, which finds it by the stack's name.
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", TlsSecurityManagerProvider.class.getName());
        // Despite the name, the stack applies this list to the connections it accepts too.
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", cipherSuites()));
        // Callers are not asked for a certificate (Twilio presents none by default); certificates of peers the
        // stack connects to itself are checked against the JDK's trust store.
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", Integer.toString(HANDSHAKE_TIMEOUT_MILLIS));
        return p;
    }

    /**
     * The JDK's default suites that are TLS 1.3 suites or TLS 1.2 suites with ephemeral key exchange and an AEAD
     * cipher (or CBC with SHA-2), in the JDK's order of preference.
     */
    static List<String> cipherSuites() {
        String[] defaults;
        try {
            defaults = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JDK", e);
        }
        List<String> suites = new ArrayList<>();
        for (String s : defaults) {
            boolean tls13 = s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_");
            boolean ephemeral = s.startsWith("TLS_ECDHE_") || s.startsWith("TLS_DHE_");
            boolean strongMac = s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305_") || s.endsWith("_SHA256")
                    || s.endsWith("_SHA384");
            if (tls13 || (ephemeral && strongMac) || s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
                suites.add(s);
            }
        }
        return suites;
    }
}
