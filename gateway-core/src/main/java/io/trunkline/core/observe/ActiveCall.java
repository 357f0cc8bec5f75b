package io.trunkline.core.observe;

import java.time.Instant;

/**
 * A call in progress, as listed on the HTTP endpoint and the dashboard. A snapshot: values may be a moment old.
 *
 * @param callId        the gateway's call id
 * @param sipCallId     SIP Call-ID
 * @param twilioCallSid {@code X-Twilio-CallSid}, or null
 * @param from          From URI
 * @param to            To URI
 * @param agentKind     the agent answering the call
 * @param codec         the carrier codec, or null
 * @param state         the call's state ({@code CONNECTING_AGENT}, {@code ANSWERED}, …)
 * @param startedAt     when the INVITE arrived
 * @param answeredAt    when the call was answered, or null
 * @param sipTransport  {@code udp}, {@code tcp} or {@code tls}, or null when unknown
 * @param signallingEncrypted whether the call's signalling is encrypted (SIP over TLS)
 * @param mediaEncrypted whether the call's media is SRTP
 * @param srtpSuite     the SRTP crypto suite, or null for plain RTP
 * @param direction     {@code inbound} (the carrier called) or {@code outbound} (the gateway dialled out)
 */
public record ActiveCall(String callId, String sipCallId, String twilioCallSid, String from, String to,
        String agentKind, String codec, String state, Instant startedAt, Instant answeredAt, String sipTransport,
        boolean signallingEncrypted, boolean mediaEncrypted, String srtpSuite, String direction) {

    /** An inbound call. */
    public ActiveCall(String callId, String sipCallId, String twilioCallSid, String from, String to,
            String agentKind, String codec, String state, Instant startedAt, Instant answeredAt, String sipTransport,
            boolean signallingEncrypted, boolean mediaEncrypted, String srtpSuite) {
        this(callId, sipCallId, twilioCallSid, from, to, agentKind, codec, state, startedAt, answeredAt, sipTransport,
                signallingEncrypted, mediaEncrypted, srtpSuite, "inbound");
    }

    /** A call whose transport is not known, with plain RTP media. */
    public ActiveCall(String callId, String sipCallId, String twilioCallSid, String from, String to,
            String agentKind, String codec, String state, Instant startedAt, Instant answeredAt) {
        this(callId, sipCallId, twilioCallSid, from, to, agentKind, codec, state, startedAt, answeredAt, null, false,
                false, null);
    }
}
