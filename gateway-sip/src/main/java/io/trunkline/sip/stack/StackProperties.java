package io.trunkline.sip.stack;

import io.trunkline.core.config.SipConfig;
import io.trunkline.sip.validate.ConnectionViaValve;
import io.trunkline.sip.validate.FramingProcessorFactory;
import io.trunkline.sip.validate.RefusalValve;
import io.trunkline.sip.validate.ValidatingParserFactory;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every JAIN-SIP stack property the gateway sets, in one place. The stack's defaults are unsafe for a server
 * (unbounded thread pool, unlimited message size, log4j), so each one that matters is given explicitly.
 */
public final class StackProperties {
    /** Bound on open TCP connections; a trunk uses a handful. */
    static final int MAX_CONNECTIONS = 1024;
    /** Milliseconds a TCP peer may take to send a whole message once it started. */
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private StackProperties() {
    }

    /**
     * The properties for one stack instance.
     *
     * @param stackName unique per instance: the stack registers resources under this name
     */
    public static Properties build(SipConfig config, String stackName, StackTuning tuning) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        // Dialogs are created explicitly for INVITEs only; nothing else creates state behind our back.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.LOG_STACK_TRACE_ON_MESSAGE_SEND", "false");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(config.listenerThreads()));
        // Listener callbacks run on the stack's own threads: our listener never blocks, so no extra hand-off.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_LISTENER_RESPONSE_TIME",
                Integer.toString(tuning.listenerResponseSeconds()));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(config.maxMessageBytes()));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(config.maxServerTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", Integer.toString(config.maxServerTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS));
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", Integer.toString(READ_TIMEOUT_MILLIS));
        // TCP_POST_PARSING_THREAD_POOL_SIZE stays unset: that pool is static in JAIN-SIP, so one instance would
        // shut down another's. NIO TCP parses on its own threads. Its connections frame messages by every form of
        // Content-Length (compact, LWS before the colon) before the stack's framer, which knows one form only.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", FramingProcessorFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.DIALOG_TIMEOUT_FACTOR", Integer.toString(tuning.ackTimeoutFactor()));
        // Responses that match none of our transactions are dropped instead of reaching the listener.
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "true");
        // A NOTIFY the stack cannot tie to a subscription of its own (those about our REFERs come in a call's
        // dialog; any other is unsolicited) reaches the listener, which answers it (481), instead of an exception.
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        // Requests the stack would take with a wrong meaning (a repeated single-value header, another SIP version,
        // a mismatched CSeq method, a bad IPv6 Request-URI) are refused; malformed ones are refused naming the
        // problem, over TCP too, where the stack's framer would drop them without an answer.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", ValidatingParserFactory.class.getName());
        // A request over a connection whose Via names another transport is answered on its connection.
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE",
                RefusalValve.class.getName() + "," + ConnectionViaValve.class.getName());
        return p;
    }

    /**
     * Keys of {@code properties} that a JVM system property of the same name overrides: JAIN-SIP reads system
     * properties before the ones it is given.
     */
    public static Set<String> overriddenBySystem(Properties properties) {
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (System.getProperty(key) != null) {
                keys.add(key);
            }
        }
        return keys;
    }
}
