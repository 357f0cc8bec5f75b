package io.trunkline.sip.tls;

import io.trunkline.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate and key files every interval and, when either changed (modification time, size, or the
 * file a symbolic link points to, as certbot's {@code live/} links do), loads them again and hands the new identity
 * to the {@link ReloadableKeyManager}. A pair that cannot be loaded (a renewal half written, a key that does not
 * match yet) is logged once and the current certificate stays in use; the next change is tried again.
 */
public final class TlsFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsFileWatcher.class);
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final Path certificateFile;
    private final Path keyFile;
    private final ReloadableKeyManager keyManager;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Stamp attempted;
    private Instant lastExpiryWarning = Instant.MIN;

    /** A snapshot of what identifies the two files' contents without reading them. */
    record Stamp(Path certificateTarget, long certificateModified, long certificateSize, Path keyTarget,
            long keyModified, long keySize) {

        static Stamp of(Path certificate, Path key) {
            return new Stamp(target(certificate), modified(certificate), size(certificate), target(key), modified(key),
                    size(key));
        }

        private static Path target(Path p) {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return p;
            }
        }

        private static long modified(Path p) {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return -1;
            }
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /**
     * @param stamp the files' state when {@code keyManager}'s identity was loaded from them
     */
    TlsFileWatcher(Path certificateFile, Path keyFile, ReloadableKeyManager keyManager, Stamp stamp, Clock clock) {
        this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.keyManager = Objects.requireNonNull(keyManager, "keyManager");
        this.attempted = Objects.requireNonNull(stamp, "stamp");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-tls-reload");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration interval) {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("SIP TLS certificate check failed: {}", e.toString());
        }
    }

    /** One check: reloads when the files changed since the last attempt. Returns whether a new identity is in use. */
    synchronized boolean check() {
        warnIfExpiring();
        Stamp now = Stamp.of(certificateFile, keyFile);
        if (now.equals(attempted)) {
            return false;
        }
        attempted = now;
        TlsIdentity identity;
        try {
            identity = TlsFiles.load(certificateFile, keyFile);
        } catch (ConfigException e) {
            log.warn("SIP TLS files changed but cannot be used, the current certificate stays: {}", e.getMessage());
            return false;
        }
        keyManager.use(identity);
        log.info("SIP TLS certificate reloaded: {}", identity.describe());
        return true;
    }

    private void warnIfExpiring() {
        Instant now = clock.instant();
        Instant notAfter = keyManager.current().notAfter();
        if (now.plus(EXPIRY_WARNING).isAfter(notAfter) && now.isAfter(lastExpiryWarning.plus(Duration.ofDays(1)))) {
            lastExpiryWarning = now;
            log.warn("SIP TLS certificate {} {} ({}): renew it; the gateway picks up the new files by itself",
                    now.isAfter(notAfter) ? "expired" : "expires soon", notAfter, certificateFile);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
