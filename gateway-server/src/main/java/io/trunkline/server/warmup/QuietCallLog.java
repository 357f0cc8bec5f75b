package io.trunkline.server.warmup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the rehearsal calls' life-cycle lines out of the operator's log: after the first round (whose lines show
 * what a rehearsal does, and run the logging path once), the call logger only lets warnings through until the
 * warm-up ends. Real calls cannot be in progress meanwhile: INVITEs get 503 until the gateway is ready.
 */
final class QuietCallLog implements AutoCloseable {
    /** The logger of every call's life-cycle lines (gateway-core's {@code CallLog}). */
    static final String CALL_LOGGER = "io.trunkline.call";

    private final Logger logger;
    private final Level previous;

    private QuietCallLog(Logger logger) {
        this.logger = logger;
        this.previous = logger == null ? null : logger.getLevel();
        if (logger != null) {
            logger.setLevel(Level.WARN);
        }
    }

    /** Quiets the call logger when the logging backend is Logback; otherwise does nothing. */
    static QuietCallLog quiet() {
        return new QuietCallLog(LoggerFactory.getLogger(CALL_LOGGER) instanceof Logger l ? l : null);
    }

    @Override
    public void close() {
        if (logger != null) {
            logger.setLevel(previous);
        }
    }
}
