package io.trunkline.sip.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for tests, made by the JDK's own {@code keytool} and written as PEM the way Let's Encrypt writes
 * them: {@code fullchain.pem} (server certificate, then the CA that signed it) and {@code privkey.pem} (PKCS#8).
 */
public final class TestCertificates {
    private static final String PASS = "changeit";

    /** The files of one identity and its server certificate. */
    public record Pem(Path certificate, Path privateKey, X509Certificate leaf) {
    }

    private TestCertificates() {
    }

    /** A self-signed {@code keyAlg} ({@code RSA} or {@code EC}) certificate for 127.0.0.1 in {@code dir}. */
    public static Pem selfSigned(Path dir, String name, String keyAlg) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS,
                "-alias", "leaf", "-keyalg", keyAlg, "-keysize", keyAlg.equals("EC") ? "256" : "2048",
                "-dname", "CN=" + name, "-validity", "2", "-ext", "san=ip:127.0.0.1");
        return write(dir, name, store, false);
    }

    /** A {@code keyAlg} certificate for 127.0.0.1 signed by a test CA; the certificate file holds both. */
    public static Pem signedByCa(Path dir, String name, String keyAlg) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".crt");
        String size = keyAlg.equals("EC") ? "256" : "2048";
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS,
                "-alias", "ca", "-keyalg", keyAlg, "-keysize", size, "-dname", "CN=Trunkline Test CA " + name,
                "-validity", "2", "-ext", "bc:c");
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS,
                "-alias", "leaf", "-keyalg", keyAlg, "-keysize", size, "-dname", "CN=" + name, "-validity", "2");
        keytool("-certreq", "-keystore", store.toString(), "-storepass", PASS, "-alias", "leaf",
                "-file", request.toString());
        keytool("-gencert", "-keystore", store.toString(), "-storepass", PASS, "-alias", "ca", "-rfc",
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1");
        keytool("-importcert", "-keystore", store.toString(), "-storepass", PASS, "-alias", "leaf", "-noprompt",
                "-file", signed.toString());
        return write(dir, name, store, true);
    }

    private static Pem write(Path dir, String name, Path store, boolean withCa) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS.toCharArray());
            PrivateKey key = (PrivateKey) ks.getKey("leaf", PASS.toCharArray());
            List<Certificate> chain = new ArrayList<>(List.of(ks.getCertificateChain("leaf")));
            if (!withCa && chain.size() > 1) {
                chain = chain.subList(0, 1);
            }
            StringBuilder certs = new StringBuilder();
            for (Certificate c : chain) {
                certs.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Path certificate = dir.resolve(name + "-fullchain.pem");
            Path privateKey = dir.resolve(name + "-privkey.pem");
            Files.writeString(certificate, certs, StandardCharsets.US_ASCII);
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new Pem(certificate, privateKey, (X509Certificate) chain.get(0));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The certificates of {@code pem}'s certificate file, in order. */
    public static X509Certificate[] chain(Pem pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem.certificate())) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A PEM block as OpenSSL writes it: base64 in 64-character lines. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
