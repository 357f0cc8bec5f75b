package io.trunkline.sip.validate;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.text.ParseException;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * The stack's second message valve: a request that came over a connection (TCP, TLS) while its top Via names
 * another transport (an RFC 2543 client's {@code SIP/2.0/UDP}, as in RFC 4475 3.1.1.8 and 3.4.1) gets the
 * connection's transport in that Via before any transaction exists. The stack sends responses where the Via's
 * transport says, so without this they would go out over UDP to the Via's sent-by; RFC 3261 18.2.2 wants them on the
 * connection the request came on. Every other request passes untouched.
 */
public final class ConnectionViaValve implements SIPMessageValve {
    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        Via via = request.getTopmostVia();
        if (channel == null || !channel.isReliable() || via == null || via.getTransport() == null) {
            return true;
        }
        String transport = channel.getTransport();
        if (!transport.equalsIgnoreCase(via.getTransport())) {
            try {
                via.setTransport(transport);
            } catch (ParseException e) {
                // cannot happen for the stack's own transport names; the request keeps its Via
            }
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {
        // Nothing to set up.
    }

    @Override
    public void destroy() {
        // Nothing to release.
    }
}
