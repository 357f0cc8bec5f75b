package io.trunkline.sip.uas;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.sip.sdp.IpLiteral;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import java.net.Inet6Address;
import javax.sip.header.ContentEncodingHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;

/**
 * The SDP offer of an INVITE. A body that is not {@code application/sdp} is 415; a missing body is 400,
 * because late offers (offer in the ACK) are not supported; an offer the gateway's RTP address family cannot reach
 * is 488. SRTP offers are taken as the bridge's {@link SrtpMode} says.
 */
final class OfferReader {
    private OfferReader() {
    }

    static boolean hasBody(Request request) {
        byte[] body = request.getRawContent();
        return body != null && body.length > 0;
    }

    /**
     * The offer, refused with 488 when its media address is of the other IP family than {@code mediaAddress} (the
     * gateway's RTP address; a host name is not checked): media could never flow between the two.
     */
    static SdpOffer read(Request request, String mediaAddress, SrtpMode srtp) {
        SdpOffer offer = read(request, srtp);
        if (!offer.isAccepted() || IpLiteral.parse(mediaAddress) == null) {
            return offer;
        }
        boolean gatewayV6 = IpLiteral.parseV6(mediaAddress) != null;
        boolean offerV6 = offer.media().remoteRtp().getAddress() instanceof Inet6Address;
        if (gatewayV6 != offerV6) {
            return SdpOffer.rejected(EndReason.REJECTED_CODEC, "offer's media address is IPv" + (offerV6 ? 6 : 4)
                    + ", the gateway's RTP address is IPv" + (gatewayV6 ? 6 : 4));
        }
        return offer;
    }

    static SdpOffer read(Request request, SrtpMode srtp) {
        if (!hasBody(request)) {
            return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, "no SDP offer (late offer is not supported)");
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type == null || !"application".equalsIgnoreCase(type.getContentType())
                || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return SdpOffer.rejected(EndReason.REJECTED_MEDIA_TYPE, "body is not application/sdp");
        }
        ContentEncodingHeader encoding = (ContentEncodingHeader) request.getHeader(ContentEncodingHeader.NAME);
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.getEncoding())) {
            return SdpOffer.rejected(EndReason.REJECTED_MEDIA_TYPE, "encoded body is not supported");
        }
        return SdpOfferParser.parse(request.getRawContent(), srtp);
    }
}
