package io.trunkline.sip.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading: a renewed pair is taken, a half-written pair is not, and a handshake in progress keeps its identity. */
class TlsFileWatcherTest {
    @TempDir
    Path dir;

    @Test
    void aRenewedPairIsPresentedFromTheNextHandshakeOn() throws Exception {
        TestCertificates.Pem first = TestCertificates.selfSigned(dir.resolve("a"), "first", "RSA");
        TestCertificates.Pem second = TestCertificates.selfSigned(dir.resolve("b"), "second", "RSA");
        Path cert = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        Files.copy(first.certificate(), cert);
        Files.copy(first.privateKey(), key);

        ReloadableKeyManager km = new ReloadableKeyManager(TlsFiles.load(cert, key));
        TlsFileWatcher watcher = new TlsFileWatcher(cert, key, km, TlsFileWatcher.Stamp.of(cert, key),
                Clock.systemUTC());
        assertFalse(watcher.check(), "nothing changed");
        String oldAlias = km.chooseEngineServerAlias("RSA", null, null);
        assertEquals(first.leaf(), km.getCertificateChain(oldAlias)[0]);

        // Half a renewal: the new certificate is there, its key not yet. The old identity stays.
        Files.copy(second.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
        assertFalse(watcher.check(), "a pair that does not match is not used");
        assertEquals(first.leaf(), km.current().certificate());
        assertFalse(watcher.check(), "the same failed pair is not tried again");

        Files.copy(second.privateKey(), key, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(watcher.check(), "the completed renewal is loaded");
        String newAlias = km.chooseEngineServerAlias("RSA", null, null);
        assertEquals(second.leaf(), km.getCertificateChain(newAlias)[0]);
        assertEquals(second.leaf(), km.current().certificate());

        // A handshake that chose the old alias just before the swap still gets the old chain and its key.
        assertEquals(first.leaf(), km.getCertificateChain(oldAlias)[0]);
        assertEquals(first.leaf().getPublicKey().getAlgorithm(), km.getPrivateKey(oldAlias).getAlgorithm());
        assertTrue(PrivateKeys.matches(km.getPrivateKey(oldAlias), first.leaf().getPublicKey()));
        assertFalse(watcher.check(), "nothing changed since");
        watcher.close();
    }

    @Test
    void aSymbolicLinkSwitchedToAnotherFileIsAChange() throws Exception {
        // certbot's live/ files are links into archive/, switched at renewal.
        TestCertificates.Pem first = TestCertificates.selfSigned(dir.resolve("archive1"), "first", "EC");
        TestCertificates.Pem second = TestCertificates.selfSigned(dir.resolve("archive2"), "second", "EC");
        Path cert = Files.createSymbolicLink(dir.resolve("fullchain.pem"), first.certificate());
        Path key = Files.createSymbolicLink(dir.resolve("privkey.pem"), first.privateKey());
        ReloadableKeyManager km = new ReloadableKeyManager(TlsFiles.load(cert, key));
        TlsFileWatcher watcher = new TlsFileWatcher(cert, key, km, TlsFileWatcher.Stamp.of(cert, key),
                Clock.systemUTC());
        // Same modification time and size are possible after a copy; the link target still tells them apart.
        Files.setLastModifiedTime(second.certificate(), Files.getLastModifiedTime(first.certificate()));
        Files.setLastModifiedTime(second.privateKey(), Files.getLastModifiedTime(first.privateKey()));
        Files.delete(cert);
        Files.delete(key);
        Files.createSymbolicLink(cert, second.certificate());
        Files.createSymbolicLink(key, second.privateKey());
        assertTrue(watcher.check());
        assertEquals(second.leaf(), km.current().certificate());
        watcher.close();
    }

    @Test
    void keyTypesSelectTheIdentity() throws Exception {
        TestCertificates.Pem ec = TestCertificates.selfSigned(dir, "ec", "EC");
        ReloadableKeyManager km = new ReloadableKeyManager(TlsFiles.load(ec.certificate(), ec.privateKey()));
        assertNull(km.chooseEngineServerAlias("RSA", null, null), "an EC identity for an RSA suite: none");
        String alias = km.chooseEngineServerAlias("EC", null, null);
        assertNotNull(alias);
        assertArrayEquals(new String[] {alias}, km.getServerAliases("EC", null));
        assertSame(alias, km.chooseClientAlias(new String[] {"RSA", "EC"}, null, null));
        assertNull(km.getPrivateKey("unknown"));
        assertNull(km.getCertificateChain("unknown"));
    }
}
