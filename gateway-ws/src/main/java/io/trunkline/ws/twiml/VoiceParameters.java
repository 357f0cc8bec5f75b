package io.trunkline.ws.twiml;

import io.trunkline.core.config.ParameterTemplate;
import io.trunkline.core.record.CallParties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters Twilio sends to a voice URL for an inbound call, filled in from what the trunk presented:
 * {@code CallSid}, {@code AccountSid}, {@code From}/{@code Caller} and {@code To}/{@code Called} (the numbers of
 * the From and To URIs), {@code CallStatus}, {@code Direction=inbound}, {@code ApiVersion=2010-04-01}, and each
 * received {@code X-} header as {@code SipHeader_X-…}.
 */
public final class VoiceParameters {

    public static final String API_VERSION = "2010-04-01";

    private VoiceParameters() {
    }

    /** The parameters of a request about the call, in Twilio's order, with {@code CallStatus} {@code status}. */
    public static Map<String, String> of(CallParties parties, String callSid, String accountSid, String status) {
        String from = ParameterTemplate.userPart(parties.from());
        String to = ParameterTemplate.userPart(parties.to());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", API_VERSION);
        p.put("CallSid", callSid);
        p.put("CallStatus", status);
        p.put("Called", to);
        p.put("Caller", from);
        p.put("Direction", "inbound");
        p.put("From", from);
        p.put("To", to);
        parties.customHeaders().forEach((name, value) -> p.put("SipHeader_" + name, value));
        return p;
    }
}
