package io.trunkline.sip.stack;

import gov.nist.core.StackLogger;
import io.trunkline.core.log.LogLimiter;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack logger forwarded to SLF4J, so the stack never loads log4j. Instantiated by the stack through
 * its public no-argument constructor ({@code gov.nist.javax.sip.STACK_LOGGER}). The stack's "info" is internal
 * detail and goes to debug; stack traces go to debug; warnings and errors are rate-limited because many of them
 * are caused by bad network input.
 */
public final class Slf4jStackLogger implements StackLogger {
    static final String LOGGER_NAME = "gov.nist.javax.sip";

    private final Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    private final Logger messages = LoggerFactory.getLogger(Slf4jServerLogger.LOGGER_NAME);
    static final int MAX_LINE = 2000;

    private final LogLimiter limiter = new LogLimiter(10_000, 20);
    private volatile boolean enabled = true;

    public Slf4jStackLogger() {
        // required by the stack, which creates this class reflectively
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled && log.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled) {
            return false;
        }
        if (level <= TRACE_WARN) {
            return log.isWarnEnabled();
        }
        if (level == TRACE_MESSAGES && messages.isTraceEnabled()) {
            return true; // the stack hands messages to the server logger only when this level is on
        }
        if (level <= TRACE_DEBUG) {
            return log.isDebugEnabled();
        }
        return log.isTraceEnabled();
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (enabled && log.isDebugEnabled()) {
            log.debug("stack trace", new Throwable("stack trace requested by the SIP stack"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        if (enabled) {
            log.debug("SIP stack exception", ex);
        }
    }

    @Override
    public void logDebug(String message) {
        if (enabled) {
            log.debug(message);
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (enabled) {
            log.debug(message, ex);
        }
    }

    @Override
    public void logTrace(String message) {
        if (enabled) {
            log.trace(message);
        }
    }

    @Override
    public void logInfo(String message) {
        if (enabled) {
            log.debug(message);
        }
    }

    @Override
    public void logWarning(String message) {
        if (isStartupNoise(message)) {
            log.debug(message);
        } else if (enabled) {
            long dropped = limiter.tryAcquire();
            if (dropped >= 0) {
                log.warn("{}{}", bounded(message), LogLimiter.dropped(dropped));
            }
        }
    }

    @Override
    public void logError(String message) {
        long dropped = enabled ? limiter.tryAcquire() : -1;
        if (dropped >= 0) {
            log.error("{}{}", bounded(message), LogLimiter.dropped(dropped));
        }
    }

    @Override
    public void logError(String message, Exception ex) {
        long dropped = enabled ? limiter.tryAcquire() : -1;
        if (dropped >= 0) {
            // The cause is kept at debug: most stack errors come from bad input and the trace adds nothing.
            log.error("{}: {}{}", bounded(message), String.valueOf(ex), LogLimiter.dropped(dropped));
            log.debug("cause", ex);
        }
    }

    @Override
    public void logFatalError(String message) {
        log.error("fatal SIP stack error: {}", message);
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // configuration comes from SLF4J, not from stack properties
    }

    @Override
    public String getLoggerName() {
        return LOGGER_NAME;
    }

    /** The stack warns about TLS key stores at every start although the gateway does not use TLS. */
    static boolean isStartupNoise(String message) {
        String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("tls") || lower.contains("keystore") || lower.contains("truststore");
    }

    /** The stack sometimes prints a whole receive buffer (64 KiB as decimal numbers) into one line. */
    static String bounded(String message) {
        if (message == null || message.length() <= MAX_LINE) {
            return message;
        }
        return message.substring(0, MAX_LINE) + "... (" + (message.length() - MAX_LINE) + " more characters)";
    }
}
