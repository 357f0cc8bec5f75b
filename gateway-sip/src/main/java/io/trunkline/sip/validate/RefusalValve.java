package io.trunkline.sip.validate;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.sip.validate.RefusalCarrier.Refusal;
import java.io.IOException;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's message valve (run for every message before any transaction is looked up or created): answers the
 * stand-ins of {@link RefusalCarrier} on their connection and drops them. Every other message passes untouched, at
 * the cost of one field read.
 */
public final class RefusalValve implements SIPMessageValve {
    private static final Logger log = LoggerFactory.getLogger(RefusalValve.class);

    private final LogLimiter sendFailures = new LogLimiter(10_000, 5);

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        Refusal refusal = RefusalCarrier.refusalOf(request);
        if (refusal == null) {
            return true;
        }
        try {
            byte[] bytes = refusal.response();
            if (channel instanceof NioTcpMessageChannel nio) {
                nio.sendMessage(bytes, channel.getPeerPacketSourceAddress(), channel.getPeerPacketSourcePort(), false);
            } else if (channel instanceof TCPMessageChannel tcp) {
                tcp.sendMessage(bytes, channel.getPeerPacketSourceAddress(), channel.getPeerPacketSourcePort(), false);
            }
        } catch (IOException | RuntimeException e) {
            long dropped = sendFailures.tryAcquire();
            if (dropped >= 0) {
                log.info("Could not send {} ({}) to {}: {}{}", Response.BAD_REQUEST, refusal.reason(),
                        channel.getPeerAddress(), e.toString(), LogLimiter.dropped(dropped));
            }
        }
        return false;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {
        // Nothing to set up: the valve keeps no state of its own.
    }

    @Override
    public void destroy() {
        // Nothing to release.
    }
}
