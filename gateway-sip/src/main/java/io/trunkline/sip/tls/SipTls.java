package io.trunkline.sip.tls;

import io.trunkline.core.config.SipTlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS key material of one SIP stack: loaded from the configured PEM files at start (a problem stops start-up
 * with a message naming the key), registered for the stack's {@link TlsSecurityManagerProvider}, and reloaded by a
 * {@link TlsFileWatcher} when the files change.
 */
public final class SipTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipTls.class);

    private final String stackName;
    private final ReloadableKeyManager keyManager;
    private final TlsFileWatcher watcher;

    private SipTls(String stackName, ReloadableKeyManager keyManager, TlsFileWatcher watcher) {
        this.stackName = stackName;
        this.keyManager = keyManager;
        this.watcher = watcher;
    }

    /**
     * Loads the files and registers the key material under {@code stackName}, to be called before the stack is
     * created.
     *
     * @throws io.trunkline.core.config.ConfigException when a file is missing, unreadable or malformed, or the key
     *                                                  does not match the certificate
     */
    public static SipTls open(SipTlsConfig config, String stackName) {
        Path certificate = Path.of(config.certificate());
        Path key = Path.of(config.privateKey());
        TlsFileWatcher.Stamp stamp = TlsFileWatcher.Stamp.of(certificate, key);
        TlsIdentity identity = TlsFiles.load(certificate, key);
        ReloadableKeyManager keyManager = new ReloadableKeyManager(identity);
        TlsFileWatcher watcher = new TlsFileWatcher(certificate, key, keyManager, stamp, Clock.systemUTC());
        TlsSecurityManagerProvider.register(stackName, keyManager);
        watcher.start(config.reloadInterval());
        log.info("SIP TLS certificate {} from {} (checked for renewal every {} ms)", identity.describe(), certificate,
                config.reloadInterval().toMillis());
        return new SipTls(stackName, keyManager, watcher);
    }

    /** The identity new handshakes present. */
    public TlsIdentity identity() {
        return keyManager.current();
    }

    @Override
    public void close() {
        watcher.close();
        TlsSecurityManagerProvider.unregister(stackName);
    }
}
