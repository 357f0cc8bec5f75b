package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trunkline.core.config.SrtpMode;

/**
 * Coverage-guided fuzzing of the SDP offer reader with whatever bytes an INVITE body may carry. The contract checked
 * is the reader's own: every input becomes an accepted or a rejected offer with a reason, the internal safety net
 * (an unexpected exception turned into "unreadable SDP") is never reached, and the answer written for an accepted
 * offer is well-formed SDP text with no control character copied over from the offer.
 *
 * <p>Without {@code JAZZER_FUZZ} set this runs the seed corpus (resources next to this class) as a regression test;
 * with it set, it fuzzes for the bounded time below.
 */
class SdpOfferParserFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void offerReaderKeepsItsContract(byte[] body) {
        // OPTIONAL takes both RTP/AVP and RTP/SAVP, so the SDES path is fuzzed too.
        SdpOffer offer = SdpOfferParser.parse(body, SrtpMode.OPTIONAL);
        assertNotNull(offer);
        if (!offer.isAccepted()) {
            assertNotNull(offer.rejection(), "a rejection without a reason");
            assertNotEquals("unreadable SDP", offer.problem(), "the reader threw on this input");
            return;
        }
        assertNull(offer.rejection());
        assertNotNull(offer.media().remoteRtp());
        assertTrue(offer.chosenLine() >= 0 && offer.chosenLine() < offer.mediaLines().size());
        String answer = SdpAnswer.write(offer, offer.media(), "127.0.0.1", 40000, 1, 1);
        assertTrue(answer.startsWith("v=0\r\n") && answer.endsWith("\r\n"), answer);
        for (String line : answer.substring(0, answer.length() - 2).split("\r\n", -1)) {
            assertTrue(line.length() >= 2 && line.charAt(1) == '=', "malformed answer line: " + line);
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertFalse(c < 0x20 || c == 0x7f, "control character in the answer: " + line);
            }
        }
    }
}
