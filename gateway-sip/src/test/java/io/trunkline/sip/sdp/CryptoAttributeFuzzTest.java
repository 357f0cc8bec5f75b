package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trunkline.core.media.SrtpSuite;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the SDES {@code a=crypto} reader with whatever an offer's attribute may carry. The
 * contract: every input is either {@link CryptoAttribute.Malformed} with a message, or an attribute whose tag is in
 * range, that says why it cannot be used or carries a key of exactly the suite's length; nothing else is thrown,
 * and neither the message nor {@code toString()} repeats the input's key. A line that is usable is written back
 * by the answer in a form the reader takes again.
 *
 * <p>Without {@code JAZZER_FUZZ} set this runs the seed corpus (resources next to this class) as a regression test;
 * with it set, it fuzzes for the bounded time below.
 */
class CryptoAttributeFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void cryptoAttributeReaderKeepsItsContract(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        CryptoAttribute attribute;
        try {
            attribute = CryptoAttribute.parse(value);
        } catch (CryptoAttribute.Malformed e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(attribute.tag() >= 0 && attribute.tag() <= 999_999_999);
        assertNotNull(attribute.suiteName());
        int inline = value.indexOf("inline:");
        if (inline >= 0) {
            String key = value.substring(inline + 7).split("[|;\\s]", 2)[0];
            if (key.length() >= 8 && !attribute.suiteName().contains(key)) { // the suite name is shown as given
                assertFalse(attribute.toString().contains(key), "toString shows the key");
            }
        }
        if (!attribute.usable()) {
            assertNotNull(attribute.unusableBecause());
            return;
        }
        assertNotNull(attribute.suite());
        assertEquals(SrtpSuite.MASTER_KEY_SALT_BYTES, attribute.keySalt().length);
        String again = CryptoAttribute.format(attribute.tag(), attribute.suite(), attribute.keySalt());
        try {
            CryptoAttribute reread = CryptoAttribute.parse(again);
            assertTrue(reread.usable());
            assertEquals(attribute.tag(), reread.tag());
        } catch (CryptoAttribute.Malformed e) {
            throw new AssertionError("the answer's own line does not parse: " + e.getMessage());
        }
    }
}
