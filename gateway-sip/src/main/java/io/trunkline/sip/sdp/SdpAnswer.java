package io.trunkline.sip.sdp;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.SrtpKeys;
import java.util.List;

/**
 * Writes the SDP answer (RFC 3264 §6): one {@code m=} line per offered line, the chosen audio stream with the
 * negotiated codec and telephone-event payload types and our RTP port, every other stream rejected with port 0.
 * The direction answers the offer's (sendonly with recvonly, recvonly with sendonly, inactive with inactive).
 * SRTP media is answered RTP/SAVP with one {@code a=crypto} line: the offer's tag and suite, the gateway's own key
 * (RFC 4568 section 7.1.2).
 */
public final class SdpAnswer {
    private static final String CRLF = "\r\n";

    private SdpAnswer() {
    }

    /**
     * @param offer         the parsed offer (its {@code m=} layout)
     * @param media         what was negotiated (codec, payload types, the offer's direction)
     * @param mediaAddress  our advertised media address (IPv4 or IPv6 literal, or a host name)
     * @param localRtpPort  our RTP port
     * @param sessionId     {@code o=} session id, fixed for the call
     * @param version       {@code o=} session version, incremented for every new answer in the call
     */
    public static String write(SdpOffer offer, MediaOffer media, String mediaAddress, int localRtpPort,
            long sessionId, long version) {
        if (!offer.isAccepted()) {
            throw new IllegalArgumentException("cannot answer a rejected offer");
        }
        String addressType = mediaAddress.indexOf(':') >= 0 ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder(320);
        sdp.append("v=0").append(CRLF);
        sdp.append("o=trunkline ").append(sessionId).append(' ').append(version)
                .append(" IN ").append(addressType).append(' ').append(mediaAddress).append(CRLF);
        sdp.append("s=trunkline").append(CRLF);
        sdp.append("c=IN ").append(addressType).append(' ').append(mediaAddress).append(CRLF);
        sdp.append("t=0 0").append(CRLF);
        List<MediaLine> lines = offer.mediaLines();
        for (int i = 0; i < lines.size(); i++) {
            if (i == offer.chosenLine()) {
                audio(sdp, media, localRtpPort, offer.allowsGatewayPtime());
            } else {
                MediaLine line = lines.get(i);
                sdp.append("m=").append(line.media()).append(" 0 ").append(line.protocol()).append(' ')
                        .append(line.firstFormat()).append(CRLF);
            }
        }
        return sdp.toString();
    }

    private static void audio(StringBuilder sdp, MediaOffer media, int port, boolean ptime20) {
        int pt = media.payloadType();
        int te = media.telephoneEventPayloadType();
        sdp.append("m=audio ").append(port).append(media.encrypted() ? " RTP/SAVP " : " RTP/AVP ").append(pt);
        if (te >= 0) {
            sdp.append(' ').append(te);
        }
        sdp.append(CRLF);
        String codec = switch (media.codec()) {
            case PCMU_8K -> "PCMU";
            case PCMA_8K -> "PCMA";
            default -> throw new IllegalArgumentException("not a carrier codec: " + media.codec());
        };
        sdp.append("a=rtpmap:").append(pt).append(' ').append(codec).append("/8000").append(CRLF);
        if (te >= 0) {
            sdp.append("a=rtpmap:").append(te).append(" telephone-event/8000").append(CRLF);
            sdp.append("a=fmtp:").append(te).append(" 0-16").append(CRLF);
        }
        if (ptime20) {
            // The gateway always sends 20 ms packets; it says so unless the offer's maxptime forbids it (the call
            // record then names the packetisation the offer asked for).
            sdp.append("a=ptime:20").append(CRLF);
        }
        sdp.append("a=").append(media.direction().answer().sdpAttribute()).append(CRLF);
        if (media.encrypted()) {
            SrtpKeys keys = media.srtp();
            sdp.append("a=crypto:").append(CryptoAttribute.format(keys.tag(), keys.suite(), keys.outboundKeySalt()))
                    .append(CRLF);
        }
    }
}
