package io.trunkline.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import io.trunkline.sip.sdp.CryptoAttribute;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message logger forwarded to SLF4J at trace level (logger {@code io.trunkline.sip.messages}), so
 * the whole SIP exchange can be switched on without code changes. Instantiated reflectively by the stack
 * ({@code gov.nist.javax.sip.SERVER_LOGGER}).
 */
public final class Slf4jServerLogger implements ServerLogger {
    static final String LOGGER_NAME = "io.trunkline.sip.messages";

    private final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    public Slf4jServerLogger() {
        // required by the stack, which creates this class reflectively
    }

    @Override
    public void closeLogFile() {
        // nothing to close
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (log.isTraceEnabled()) {
            // SDES keys (a=crypto inline:) never reach a log, even at trace level.
            log.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to,
                    CryptoAttribute.redact(message.encode()));
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0L);
    }

    @Override
    public void logException(Exception ex) {
        log.debug("SIP stack exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // configuration comes from SLF4J, not from stack properties
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
