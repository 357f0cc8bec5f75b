package io.trunkline.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPMessageValve;
import io.trunkline.core.config.SipConfig;
import io.trunkline.sip.validate.ConnectionViaValve;
import io.trunkline.sip.validate.RefusalValve;
import io.trunkline.sip.validate.ValidatingParserFactory;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackPropertiesTest {
    private final SipConfig config = new SipConfig("127.0.0.1", 5070, null, Set.of("udp"), 3, 4096, 77);

    @Test
    void everySettingThatMattersIsExplicit() {
        Properties p = StackProperties.build(config, "stack-x", new StackTuning(8, Duration.ofSeconds(1), 2));
        assertEquals("stack-x", p.getProperty("javax.sip.STACK_NAME"));
        assertEquals("off", p.getProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT"));
        assertEquals(Slf4jStackLogger.class.getName(), p.getProperty("gov.nist.javax.sip.STACK_LOGGER"));
        assertEquals(Slf4jServerLogger.class.getName(), p.getProperty("gov.nist.javax.sip.SERVER_LOGGER"));
        assertEquals("3", p.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals("true", p.getProperty("gov.nist.javax.sip.REENTRANT_LISTENER"));
        assertEquals("4096", p.getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE"));
        assertEquals("77", p.getProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS"));
        assertEquals("2", p.getProperty("gov.nist.javax.sip.MAX_LISTENER_RESPONSE_TIME"));
        assertEquals("8", p.getProperty("gov.nist.javax.sip.DIALOG_TIMEOUT_FACTOR"));
        assertEquals(ValidatingParserFactory.class.getName(), p.getProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY"));
        assertEquals(RefusalValve.class.getName() + "," + ConnectionViaValve.class.getName(),
                p.getProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE"));
        assertNull(p.getProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE"),
                "that pool is JVM-wide in JAIN-SIP and would couple instances");
    }

    @Test
    void systemPropertiesThatWouldOverrideAreReported() {
        Properties p = StackProperties.build(config, "stack-y", StackTuning.DEFAULTS);
        String key = "gov.nist.javax.sip.MAX_MESSAGE_SIZE";
        assertFalse(StackProperties.overriddenBySystem(p).contains(key));
        System.setProperty(key, "1");
        try {
            assertEquals(Set.of(key), StackProperties.overriddenBySystem(p));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void parserFactoryAndValveCanBeCreatedTheWayTheStackDoes() throws Exception {
        Properties p = StackProperties.build(config, "stack-z", StackTuning.DEFAULTS);
        Object factory = Class.forName(p.getProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY"))
                .getDeclaredConstructor().newInstance();
        assertInstanceOf(MessageParserFactory.class, factory);
        for (String name : p.getProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE").split(",")) {
            Object valve = Class.forName(name).getDeclaredConstructor().newInstance();
            assertInstanceOf(SIPMessageValve.class, valve);
        }
        Object processors = Class.forName(p.getProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY"))
                .getDeclaredConstructor().newInstance();
        assertInstanceOf(MessageProcessorFactory.class, processors);
    }

    @Test
    void loggersCanBeCreatedTheWayTheStackDoes() throws Exception {
        Object stackLogger = Class.forName(Slf4jStackLogger.class.getName()).getDeclaredConstructor().newInstance();
        Object serverLogger = Class.forName(Slf4jServerLogger.class.getName()).getDeclaredConstructor().newInstance();
        StackLogger s = assertInstanceOf(StackLogger.class, stackLogger);
        assertInstanceOf(ServerLogger.class, serverLogger);
        s.logError("an error from the stack");
        s.logWarning("using default tls security policy");
        s.disableLogging();
        assertFalse(s.isLoggingEnabled(StackLogger.TRACE_ERROR));
        assertTrue(Slf4jStackLogger.isStartupNoise("Using default keystore type pkcs12"));
        assertFalse(Slf4jStackLogger.isStartupNoise("Bad message"));
    }

    @Test
    void hugeStackMessagesAreCutToOneReadableLine() {
        String huge = "Error while processing incoming UDP packet" + "1,".repeat(30_000);
        String line = Slf4jStackLogger.bounded(huge);
        assertTrue(line.length() < Slf4jStackLogger.MAX_LINE + 50, "length " + line.length());
        assertTrue(line.startsWith("Error while processing incoming UDP packet"));
        assertEquals("short", Slf4jStackLogger.bounded("short"));
    }
}
