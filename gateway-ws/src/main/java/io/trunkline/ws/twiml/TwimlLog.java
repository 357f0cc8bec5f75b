package io.trunkline.ws.twiml;

import io.trunkline.core.log.LogLimiter;
import java.net.URI;
import org.slf4j.Logger;

/**
 * The warnings of all TwiML calls share one rate limit, so that many failing calls cannot flood the log; URLs are
 * logged without their path and query, which may carry tokens.
 */
final class TwimlLog {
    private static final LogLimiter GATE = new LogLimiter(10_000, 20);

    private TwimlLog() {
    }

    static void warn(Logger log, String format, Object... args) {
        long skipped = GATE.tryAcquire();
        if (skipped >= 0) {
            log.warn(format + LogLimiter.dropped(skipped), args);
        }
    }

    /** Scheme and host only. */
    static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost();
    }
}
