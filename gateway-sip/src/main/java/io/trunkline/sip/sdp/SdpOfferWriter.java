package io.trunkline.sip.sdp;

/**
 * Writes the gateway's own SDP offer, for the calls it places (RFC 3264 section 5): one audio stream, PCMU then
 * PCMA, RFC 4733 telephone-event as payload type 101 (events 0-16), 20 ms packets, sendrecv; toward a secure trunk
 * RTP/SAVP with one {@code a=crypto} line (SDES).
 */
public final class SdpOfferWriter {
    /** The telephone-event payload type offered. */
    public static final int TELEPHONE_EVENT = 101;
    private static final String CRLF = "\r\n";

    private SdpOfferWriter() {
    }

    /**
     * @param mediaAddress  our advertised media address (IPv4 or IPv6 literal, or a host name)
     * @param localRtpPort  our RTP port
     * @param sessionId     {@code o=} session id, fixed for the call
     * @param version       {@code o=} session version
     */
    public static String write(String mediaAddress, int localRtpPort, long sessionId, long version) {
        return write(mediaAddress, localRtpPort, sessionId, version, null);
    }

    /** As {@link #write(String, int, long, long)}; with {@code sdes}, the stream is RTP/SAVP keyed by it. */
    public static String write(String mediaAddress, int localRtpPort, long sessionId, long version, SdesOffer sdes) {
        String addressType = mediaAddress.indexOf(':') >= 0 ? "IP6" : "IP4";
        return "v=0" + CRLF
                + "o=trunkline " + sessionId + ' ' + version + " IN " + addressType + ' ' + mediaAddress + CRLF
                + "s=trunkline" + CRLF
                + "c=IN " + addressType + ' ' + mediaAddress + CRLF
                + "t=0 0" + CRLF
                + "m=audio " + localRtpPort + (sdes == null ? " RTP/AVP" : " RTP/SAVP") + " 0 8 " + TELEPHONE_EVENT
                + CRLF
                + "a=rtpmap:0 PCMU/8000" + CRLF
                + "a=rtpmap:8 PCMA/8000" + CRLF
                + "a=rtpmap:" + TELEPHONE_EVENT + " telephone-event/8000" + CRLF
                + "a=fmtp:" + TELEPHONE_EVENT + " 0-16" + CRLF
                + "a=ptime:20" + CRLF
                + "a=sendrecv" + CRLF
                + (sdes == null ? "" : "a=crypto:" + sdes.cryptoValue() + CRLF);
    }
}
