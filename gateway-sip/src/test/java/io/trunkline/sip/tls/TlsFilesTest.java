package io.trunkline.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM loading: the files Let's Encrypt and OpenSSL write, and the errors an operator can make. */
class TlsFilesTest {
    @TempDir
    Path dir;

    @Test
    void loadsAFullChainAndAPkcs8Key() throws Exception {
        TestCertificates.Pem pem = TestCertificates.signedByCa(dir, "chain", "RSA");
        TlsIdentity identity = TlsFiles.load(pem.certificate(), pem.privateKey());
        assertEquals(pem.leaf(), identity.certificate(), "the server certificate comes first");
        assertEquals(2, identity.chain().length, "the CA certificate is kept in the chain");
        assertEquals("RSA", identity.key().getAlgorithm());
        assertTrue(identity.describe().contains("CN=chain"), identity.describe());
    }

    @Test
    void loadsAnEcKey() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "ec", "EC");
        TlsIdentity identity = TlsFiles.load(pem.certificate(), pem.privateKey());
        assertEquals("EC", identity.key().getAlgorithm());
    }

    @Test
    void loadsTraditionalRsaAndEcKeysAsOpenSslWritesThem() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
        Path rsaKey = dir.resolve("rsa.key");
        Path rsaCert = dir.resolve("rsa.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("rsa8.key").toString(),
                "-out", rsaCert.toString(), "-days", "2", "-subj", "/CN=rsa-traditional");
        openssl("pkey", "-in", dir.resolve("rsa8.key").toString(), "-traditional", "-out", rsaKey.toString());
        assertTrue(Files.readString(rsaKey).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals("RSA", TlsFiles.load(rsaCert, rsaKey).key().getAlgorithm());

        // ecparam -genkey writes "EC PARAMETERS" before "EC PRIVATE KEY" (SEC1).
        Path ecKey = dir.resolve("ec.key");
        Path ecCert = dir.resolve("ec.crt");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", ecKey.toString());
        openssl("req", "-x509", "-key", ecKey.toString(), "-out", ecCert.toString(), "-days", "2",
                "-subj", "/CN=ec-traditional");
        String ec = Files.readString(ecKey);
        assertTrue(ec.contains("-----BEGIN EC PARAMETERS-----") && ec.contains("-----BEGIN EC PRIVATE KEY-----"), ec);
        assertEquals("EC", TlsFiles.load(ecCert, ecKey).key().getAlgorithm());
    }

    @Test
    void aKeyOfAnotherCertificateNamesTheKeyAndShowsNoKeyMaterial() throws Exception {
        TestCertificates.Pem one = TestCertificates.selfSigned(dir, "one", "RSA");
        TestCertificates.Pem two = TestCertificates.selfSigned(dir, "two", "RSA");
        ConfigException e = assertThrows(ConfigException.class, () -> TlsFiles.load(one.certificate(),
                two.privateKey()));
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, e.key());
        assertTrue(e.getMessage().contains(two.privateKey().toString()), e.getMessage());
        assertNoKeyMaterial(e.getMessage(), two.privateKey());

        TestCertificates.Pem ec = TestCertificates.selfSigned(dir, "ec", "EC");
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(one.certificate(), ec.privateKey())).key(), "an EC key for an RSA certificate");
    }

    @Test
    void missingUnreadableOrMalformedFilesNameTheirKey() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "ok", "RSA");
        Path missing = dir.resolve("missing.pem");
        ConfigException noCert = assertThrows(ConfigException.class, () -> TlsFiles.load(missing, pem.privateKey()));
        assertEquals(TlsFiles.CERTIFICATE_KEY, noCert.key());
        assertTrue(noCert.getMessage().contains("missing.pem"), noCert.getMessage());
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(pem.certificate(), missing)).key());

        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertEquals(TlsFiles.CERTIFICATE_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(notPem, pem.privateKey())).key());
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(pem.certificate(), notPem)).key(), "no key block");

        // The certificate file given as the key, and a key file given as the certificate.
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(pem.certificate(), pem.certificate())).key());
        assertEquals(TlsFiles.CERTIFICATE_KEY, assertThrows(ConfigException.class,
                () -> TlsFiles.load(pem.privateKey(), pem.privateKey())).key());

        Path truncated = Files.writeString(dir.resolve("truncated.pem"),
                Files.readString(pem.privateKey()).replace("-----END PRIVATE KEY-----", ""));
        ConfigException cut = assertThrows(ConfigException.class, () -> TlsFiles.load(pem.certificate(), truncated));
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, cut.key());
        assertNoKeyMaterial(cut.getMessage(), pem.privateKey());
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "enc", "RSA");
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        ConfigException e = assertThrows(ConfigException.class, () -> TlsFiles.load(pem.certificate(), encrypted));
        assertEquals(TlsFiles.PRIVATE_KEY_KEY, e.key());
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void describeAndToStringNeverShowTheKey() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "quiet", "EC");
        TlsIdentity identity = TlsFiles.load(pem.certificate(), pem.privateKey());
        assertNoKeyMaterial(identity.toString(), pem.privateKey());
        assertNoKeyMaterial(identity.describe(), pem.privateKey());
    }

    /** No 16-character run of the key file's base64 appears in {@code text}. */
    private static void assertNoKeyMaterial(String text, Path keyFile) throws IOException {
        String base64 = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Base64.getDecoder().decode(base64); // it is the key's base64
        for (int i = 0; i + 16 <= base64.length(); i += 8) {
            assertFalse(text.contains(base64.substring(i, i + 16)), "key material in: " + text);
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
