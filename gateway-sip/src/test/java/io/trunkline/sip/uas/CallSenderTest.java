package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.call.EndReason;
import org.junit.jupiter.api.Test;

class CallSenderTest {
    @Test
    void reasonCauseNamesWhyTheGatewayHungUp() {
        assertEquals(408, CallSender.reasonCause(EndReason.RTP_INACTIVITY));
        assertEquals(408, CallSender.reasonCause(EndReason.SESSION_EXPIRED));
        assertEquals(408, CallSender.reasonCause(EndReason.NO_ACK));
        assertEquals(408, CallSender.reasonCause(EndReason.SESSION_REFRESH_FAILED));
        assertEquals(503, CallSender.reasonCause(EndReason.SHUTDOWN));
        assertEquals(200, CallSender.reasonCause(EndReason.AGENT_HANGUP));
    }
}
