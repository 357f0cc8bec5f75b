package io.trunkline.server.testing;

import io.trunkline.sip.uac.TestUac;
import java.io.IOException;

/** Steps of the caller's SIP side that several end-to-end tests take the same way. */
public final class UacSteps {
    private UacSteps() {
    }

    /**
     * ACKs a failure response, then waits for the answer to an OPTIONS sent after it, so that the SIP stack has
     * taken the ACK in before the test stops the gateway.
     */
    public static void ackFailure(TestUac uac) throws IOException {
        uac.ack(false);
        uac.send("OPTIONS");
        String callId = uac.callId();
        uac.await("an answer to OPTIONS", m -> m.isResponse() && m.status() >= 200
                && "OPTIONS".equals(m.cseqMethod()) && callId.equals(m.callId()));
    }
}
