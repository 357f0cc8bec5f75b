package io.trunkline.core.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs one call's life-cycle events with its id in the MDC ({@code callId}), so that every line about a call can
 * be found with one search. Calls share event loops, so the MDC is set around each line rather than per thread.
 */
final class CallLog {
    static final String MDC_KEY = "callId";
    private static final Logger LOG = LoggerFactory.getLogger("io.trunkline.call");

    private final String callId;

    CallLog(String callId) {
        this.callId = callId;
    }

    void info(String format, Object... args) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, callId)) {
            LOG.info(format, args);
        }
    }

    void warn(String format, Object... args) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, callId)) {
            LOG.warn(format, args);
        }
    }

    void debug(String format, Object... args) {
        if (LOG.isDebugEnabled()) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, callId)) {
                LOG.debug(format, args);
            }
        }
    }
}
