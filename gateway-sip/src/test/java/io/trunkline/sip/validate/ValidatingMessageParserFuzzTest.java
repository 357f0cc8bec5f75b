package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.message.SIPMessage;
import io.trunkline.sip.stack.Slf4jStackLogger;
import io.trunkline.sip.validate.RefusalCarrier.Refusal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the gateway's message parser as both transports call it: whatever arrives, it returns
 * a message, returns a carrier whose refusal is a well-formed 400 with a reason phrase of fixed words, or throws a
 * {@link ParseException} whose message is such a phrase; nothing else escapes to the stack's receive threads.
 *
 * <p>The seeds (resources next to this class) are the RFC 4475 and RFC 5118 messages its checks are about. Without
 * {@code JAZZER_FUZZ} set this replays them as a regression test; with it set, it fuzzes for the bounded time below.
 */
class ValidatingMessageParserFuzzTest {
    private static final ValidatingMessageParser PARSER = new ValidatingMessageParser();

    static {
        // What a running stack does at start: without it the stack's parser logs through log4j, absent here.
        if (CommonLogger.legacyLogger == null) {
            CommonLogger.legacyLogger = new Slf4jStackLogger();
        }
    }

    @FuzzTest(maxDuration = "25s")
    void parserNeverFailsOtherwise(byte[] message) {
        if (message.length == 0) {
            return;
        }
        try {
            PARSER.parseSIPMessage(message, true, false, null);
        } catch (ParseException e) {
            assertPhrase(e.getMessage() == null ? "" : e.getMessage());
        }
        int head = headLength(message);
        byte[] stream = Arrays.copyOf(message, head);
        try {
            SIPMessage parsed = PARSER.parseSIPMessage(stream, false, false, null);
            Refusal refusal = parsed == null ? null : RefusalCarrier.refusalOf(parsed);
            if (refusal != null) {
                String response = new String(refusal.response(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("SIP/2.0 400 Bad Request (" + refusal.reason() + ")\r\n"), response);
                assertTrue(response.endsWith("Content-Length: 0\r\n\r\n"), response);
                assertPhrase(refusal.reason());
            }
        } catch (ParseException e) {
            // dropped, as the stack's framer drops what cannot be answered
        }
    }

    private static void assertPhrase(String phrase) {
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            assertTrue(c >= ' ' && c < 0x7f, "reason phrase character " + (int) c);
        }
    }

    /** Up to and including the first empty line, as a stream framer cuts a message. */
    private static int headLength(byte[] m) {
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 4;
            }
        }
        return m.length;
    }
}
