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
 */
public record CallParties(
        String sipCallId,
        String from,
        String to,
        String twilioCallSid,
        String twilioAccountSid,
        String diversion,
        String assertedIdentity,
        Map<String, String> customHeaders) {

    public CallParties {
        customHeaders = customHeaders == null ? Map.of() : Map.copyOf(customHeaders);
    }
}
