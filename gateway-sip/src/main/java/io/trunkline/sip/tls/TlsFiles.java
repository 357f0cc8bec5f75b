package io.trunkline.sip.tls;

import io.trunkline.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a {@link TlsIdentity} from the two PEM files the configuration names, so that Let's Encrypt's
 * {@code fullchain.pem} and {@code privkey.pem} work as they are. Every failure is a {@link ConfigException} naming
 * the key whose file is at fault; messages carry paths and reasons, never key material.
 */
public final class TlsFiles {
    public static final String CERTIFICATE_KEY = "sip.tls-certificate";
    public static final String PRIVATE_KEY_KEY = "sip.tls-private-key";
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final AtomicLong LOADS = new AtomicLong();

    private TlsFiles() {
    }

    /**
     * @throws ConfigException when a file is missing, unreadable or malformed, or the key is not the certificate's
     */
    public static TlsIdentity load(Path certificateFile, Path keyFile) {
        X509Certificate[] chain = certificates(certificateFile);
        PrivateKey key;
        try {
            key = PrivateKeys.parse(PemBlocks.parse(read(PRIVATE_KEY_KEY, keyFile)), chain[0].getPublicKey());
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(PRIVATE_KEY_KEY, "a PEM private key", keyFile + ": " + e.getMessage());
        }
        if (!PrivateKeys.matches(key, chain[0].getPublicKey())) {
            throw new ConfigException(PRIVATE_KEY_KEY, "the private key of the certificate in " + CERTIFICATE_KEY
                    + " (" + certificateFile + ")", keyFile + ": a different key");
        }
        return new TlsIdentity(chain, key, "trunkline-sip-" + LOADS.incrementAndGet());
    }

    private static X509Certificate[] certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlocks.Block block : PemBlocks.parse(read(CERTIFICATE_KEY, file))) {
                if (block.label().equals("CERTIFICATE")) {
                    for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(block.der()))) {
                        chain.add((X509Certificate) c);
                    }
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(CERTIFICATE_KEY, "a PEM certificate chain", file + ": " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigException(CERTIFICATE_KEY, "a PEM certificate chain", file + ": no CERTIFICATE block");
        }
        return chain.toArray(X509Certificate[]::new);
    }

    private static String read(String key, Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(key, "a PEM file of at most 1 MB", file);
            }
            // ISO-8859-1 never fails to decode; PEM itself is ASCII.
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(key, "a readable PEM file", file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage())
                    + ")");
        }
    }
}
