package io.trunkline.core.signalling;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the SIP adapter needs to dial one call.
 *
 * @param callId    the gateway's call id, for logs
 * @param to        the callee, E.164 ({@code +15550001111}): the user part of the Request-URI at the trunk
 * @param from      the caller ID presented in From, E.164
 * @param localRtp  where the call's media leg receives RTP (the adapter writes its advertised address instead of a
 *                  wildcard)
 */
public record OutboundInvite(String callId, String to, String from, InetSocketAddress localRtp) {
    public OutboundInvite {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(localRtp, "localRtp");
    }
}
