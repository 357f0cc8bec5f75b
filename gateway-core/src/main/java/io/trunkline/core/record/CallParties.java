package io.trunkline.core.record;

import java.util.Map;

/**
 * Who called whom, as the carrier presented it.
 *
 * @param sipCallId          SIP Call-ID
 * @param from               From URI
 * @param to                 To URI
 * @param twilioCallSid      {@code X-Twilio-CallSid}, or null
 * @param twilioAccountSid   {@code X-Twilio-AccountSid}, or null
 * @param diversion          {@code Diversion}, or null
 * @param assertedIdentity   {@code P-Asserted-Identity}, or null
 * @param customHeaders      every other {@code X-} header (name as received), passed to the agent as metadata
 * @param sipTransport       the transport the INVITE arrived over: {@code udp}, {@code tcp} or {@code tls}; null
 *                           when unknown
 * @param signallingEncrypted whether the signalling was encrypted (SIP over TLS)
 */
public record CallParties(
        String sipCallId,
        String from,
        String to,
        String twilioCallSid,
        String twilioAccountSid,
        String diversion,
        String assertedIdentity,
        Map<String, String> customHeaders,
        String sipTransport,
        boolean signallingEncrypted) {

    public CallParties {
        customHeaders = customHeaders == null ? Map.of() : Map.copyOf(customHeaders);
    }

    /** Parties whose transport is not known (not encrypted). */
    public CallParties(String sipCallId, String from, String to, String twilioCallSid, String twilioAccountSid,
            String diversion, String assertedIdentity, Map<String, String> customHeaders) {
        this(sipCallId, from, to, twilioCallSid, twilioAccountSid, diversion, assertedIdentity, customHeaders, null,
                false);
    }
}
