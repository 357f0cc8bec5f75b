package io.trunkline.sip.outbound;

import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.signalling.OutboundDialer;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.uas.ClientDialogs;
import java.text.ParseException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

/**
 * The gateway's UAC toward the termination trunk, on the SIP server's own stack: one {@link UacCall} per dialled
 * call, kept by Call-ID until it is over, so that the trunk's requests in those dialogs reach it.
 */
public final class SipDialer implements OutboundDialer, ClientDialogs {
    private final SipProvider provider;
    private final UacMessages messages;
    private final DigestCredentials credentials;
    private final String mediaAddress;
    private final Executor sendPool;
    private final boolean secure;
    private final TrunkRequests requests = new TrunkRequests(this);
    private final ConcurrentMap<String, UacCall> calls = new ConcurrentHashMap<>();

    /**
     * @param credentials   the digest credentials for the trunk's challenges, or null (IP ACL only)
     * @param mediaAddress  the address written into our SDP offers
     * @param sendPool      runs the calls' sends off the caller's thread
     */
    SipDialer(SipProvider provider, UacMessages messages, DigestCredentials credentials, String mediaAddress,
            Executor sendPool, boolean secure) {
        this.secure = secure;
        this.provider = provider;
        this.messages = messages;
        this.credentials = credentials;
        this.mediaAddress = mediaAddress;
        this.sendPool = sendPool;
    }

    /**
     * The dialer toward {@code config.trunk()} over {@code config.transport()}.
     *
     * @param sipHost      our advertised SIP host (From, Contact)
     * @param contactPort  our port for that transport (Contact)
     * @throws ParseException when the trunk is not a SIP URI
     */
    public static SipDialer create(SipProvider provider, MessageFactory messageFactory, HeaderFactory headers,
            AddressFactory addresses, OutboundConfig config, DigestCredentials credentials, String sipHost,
            int contactPort, String mediaAddress, Executor sendPool) throws ParseException {
        URI trunk = addresses.createURI(config.trunk());
        if (!(trunk instanceof SipURI sipTrunk)) {
            throw new ParseException("not a SIP URI: " + config.trunk(), 0);
        }
        return new SipDialer(provider, new UacMessages(provider, messageFactory, headers, addresses, sipTrunk,
                config.transport(), sipHost, contactPort), credentials, mediaAddress, sendPool,
                sipTrunk.isSecure() || "tls".equals(config.transport()));
    }

    @Override
    public OutboundLeg dial(OutboundInvite invite, OutboundEvents events) {
        UacCall call = new UacCall(this, messages.newCallId(), invite, events);
        calls.put(call.sipCallId(), call);
        call.start();
        return call;
    }

    @Override
    public boolean onRequest(RequestEvent event, long nanos) throws Exception {
        Request request = event.getRequest();
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        UacCall call = callId == null ? null : calls.get(callId.getCallId());
        if (call == null || to == null || !call.localTag().equals(to.getTag())) {
            return false;
        }
        requests.onRequest(call, event, nanos);
        return true;
    }

    /** Calls dialled and not over yet. */
    public int activeCalls() {
        return calls.size();
    }

    /** Forgets every call (the stack is stopping). */
    public void clear() {
        calls.clear();
    }

    void remove(UacCall call) {
        calls.remove(call.sipCallId(), call);
    }

    SipProvider provider() {
        return provider;
    }

    UacMessages messages() {
        return messages;
    }

    DigestCredentials credentials() {
        return credentials;
    }

    String mediaAddress() {
        return mediaAddress;
    }

    /** Whether the trunk is secure (TLS, a {@code sips:} URI): its calls offer SRTP only. */
    boolean secure() {
        return secure;
    }

    Executor sendPool() {
        return sendPool;
    }
}
