package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.trunkline.sip.stack.Slf4jStackLogger;
import java.text.ParseException;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;

/**
 * Coverage-guided fuzzing of what the gateway does with a request once the stack has parsed it: the UAS checks of
 * RFC 3261 8.2 ({@link RequestChecks}) and the Max-Forwards an RFC 2543 client leaves out. Whatever the stack's
 * parser lets through, the checks never throw, and a refusal is always a 4xx with a printable reason phrase.
 *
 * <p>The seeds (resources next to this class) are the SIP torture messages of RFC 4475 and RFC 5118. Without
 * {@code JAZZER_FUZZ} set this replays them as a regression test; with it set, it fuzzes for the bounded time below.
 */
class RequestChecksFuzzTest {
    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    static {
        // What a running stack does at start: without it the stack's parser logs through log4j, absent here.
        if (CommonLogger.legacyLogger == null) {
            CommonLogger.legacyLogger = new Slf4jStackLogger();
        }
    }

    @FuzzTest(maxDuration = "25s")
    void requestChecksNeverThrow(byte[] message) throws Exception {
        SIPMessage parsed;
        try {
            parsed = new StringMsgParser().parseSIPMessage(message, true, false, null);
        } catch (ParseException | RuntimeException e) {
            return; // the stack refuses it before the gateway sees it
        }
        if (!(parsed instanceof Request request) || request.getMethod() == null) {
            return;
        }
        if (RequestChecks.supplyMaxForwards(request, HEADERS)) {
            assertNotNull(request.getHeader(MaxForwardsHeader.NAME));
        }
        RequestChecks.Refusal refusal = RequestChecks.check(request);
        if (refusal != null) {
            assertTrue(refusal.status() >= 400 && refusal.status() < 500, refusal.toString());
            String phrase = Responses.sanitize(refusal.reason());
            assertTrue(phrase != null && !phrase.isEmpty() && phrase.length() <= Responses.MAX_REASON_CHARS);
        }
    }
}
