package io.trunkline.sip.warmup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class SipWarmUpTest {
    @Test
    void theTwilioStyleMessagesParseNegotiateAndAnswer() {
        for (int i = 0; i < 5; i++) {
            assertDoesNotThrow(SipWarmUp::run); // it throws when the INVITE does not parse or its offer is refused
        }
    }
}
