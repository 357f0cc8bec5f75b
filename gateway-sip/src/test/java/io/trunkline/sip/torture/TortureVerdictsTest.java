package io.trunkline.sip.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.sip.torture.TortureVerdicts.Entry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict files name every message of their corpus once, with a section, a verdict and readable expectations. */
class TortureVerdictsTest {
    @Test
    void everyMessageOfBothRfcsHasAVerdict() {
        assertEquals(49, check("rfc4475", "3."));
        assertEquals(12, check("rfc5118", "4."));
    }

    private static int check(String corpus, String sectionPrefix) {
        TortureVerdicts verdicts = TortureVerdicts.load(corpus);
        Set<String> names = new HashSet<>();
        for (Entry e : verdicts.entries()) {
            assertTrue(names.add(e.name()), "twice: " + e.name());
            assertTrue(e.section().startsWith(sectionPrefix), e.name() + " " + e.section());
            assertTrue(List.of("valid", "invalid").contains(e.rfc()), e.name() + " " + e.rfc());
            TortureMessage m = verdicts.message(e);
            assertTrue(m.bytes().length > 0, e.name());
            for (String expected : List.of(e.udp(), e.tcp())) {
                for (String alternative : expected.split("\\|")) {
                    for (String one : alternative.split(",")) {
                        String status = one.trim().split("~")[0];
                        assertTrue(status.equals("call") || status.equals("ring") || status.equals("drop")
                                || status.matches("[1-6]\\d\\d"), e.name() + ": " + expected);
                    }
                }
            }
        }
        return names.size();
    }
}
