package io.trunkline.sip.uas;

import io.trunkline.core.call.EndReason;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import javax.sip.header.ContentEncodingHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;

/**
 * The SDP offer of an INVITE. A body that is not {@code application/sdp} is 415; a missing body is 400,
 * because late offers (offer in the ACK) are not supported.
 */
final class OfferReader {
    private OfferReader() {
    }

    static boolean hasBody(Request request) {
        byte[] body = request.getRawContent();
        return body != null && body.length > 0;
    }

    static SdpOffer read(Request request) {
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
        return SdpOfferParser.parse(request.getRawContent());
    }
}
