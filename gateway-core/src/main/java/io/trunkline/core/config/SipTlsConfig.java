package io.trunkline.core.config;

import java.time.Duration;

/**
 * SIP over TLS settings, used when {@code sip.transports} contains {@code tls}.
 *
 * @param port            TCP port of the TLS listener ({@code sip.tls-port}, 5061 by default)
 * @param certificate     PEM file with the server certificate first, then its chain (Let's Encrypt's
 *                        {@code fullchain.pem}); empty when TLS is off
 * @param privateKey      PEM file with the certificate's private key (PKCS#8 {@code PRIVATE KEY}, or
 *                        {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}; Let's Encrypt's {@code privkey.pem});
 *                        empty when TLS is off
 * @param reloadInterval  how often the two files are checked for a change (a renewed certificate is used for new
 *                        connections without a restart)
 */
public record SipTlsConfig(int port, String certificate, String privateKey, Duration reloadInterval) {

    public static final SipTlsConfig DEFAULTS = new SipTlsConfig(5061, "", "", Duration.ofSeconds(60));

    public SipTlsConfig {
        Check.port("sip.tls-port", port);
        certificate = certificate == null ? "" : certificate.trim();
        privateKey = privateKey == null ? "" : privateKey.trim();
        Check.positive("sip.tls-reload-interval", reloadInterval);
    }

    /** Checks what a TLS listener needs; called when {@code tls} is among the transports. */
    void requireFiles() {
        if (certificate.isEmpty()) {
            throw new ConfigException("sip.tls-certificate",
                    "the path of a PEM certificate chain (sip.transports has tls)", certificate);
        }
        if (privateKey.isEmpty()) {
            throw new ConfigException("sip.tls-private-key",
                    "the path of a PEM private key (sip.transports has tls)", privateKey);
        }
    }
}
