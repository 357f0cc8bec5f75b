package io.trunkline.sip.uas;

import io.trunkline.sip.sdp.SdpOffer;
import java.text.ParseException;
import javax.sip.message.Response;

/**
 * How a refused offer is explained to the caller: a malformed one gets 400 with the problem as the reason phrase;
 * 488 keeps {@code Not Acceptable Here} and says why in a Warning (RFC 3261 21.4.26, 304 when no usable media
 * type was offered, 302 for a transport the gateway does not take (SRTP or plain RTP as {@code rtp.srtp} says),
 * 306 when no {@code a=crypto} line can be used, 305 otherwise); 415 lists the body type the gateway accepts (RFC 3261 21.4.13).
 */
final class OfferRefusal {
    static final int WARN_MEDIA_TYPE_NOT_AVAILABLE = 304;
    static final int WARN_INCOMPATIBLE_MEDIA_FORMAT = 305;

    private OfferRefusal() {
    }

    /** The reason phrase for rejecting {@code offer}'s INVITE with {@code status}; {@code fallback} otherwise. */
    static String reasonPhrase(SdpOffer offer, int status, String fallback) {
        if (offer == null || offer.isAccepted() || offer.rejection().unansweredSipStatus() != status) {
            return fallback;
        }
        return switch (status) {
            case Response.BAD_REQUEST -> "Bad Request: " + offer.problem();
            case Response.NOT_ACCEPTABLE_HERE -> "Not Acceptable Here";
            case Response.UNSUPPORTED_MEDIA_TYPE -> "Unsupported Media Type";
            default -> fallback;
        };
    }

    /** Adds the Warning (488) or Accept (415) header that says what was wrong with the offer. */
    static void describe(Responses responses, Response response, SdpOffer offer) throws ParseException {
        if (response.getStatusCode() == Response.UNSUPPORTED_MEDIA_TYPE) {
            response.addHeader(responses.headers().createAcceptHeader("application", "sdp"));
            return;
        }
        if (offer == null || offer.isAccepted() || offer.problem() == null) {
            return;
        }
        String problem = offer.problem();
        int code = offer.warningCode() > 0 ? offer.warningCode() : problem.startsWith("no audio") || problem.startsWith("audio stream declined")
                ? WARN_MEDIA_TYPE_NOT_AVAILABLE : WARN_INCOMPATIBLE_MEDIA_FORMAT;
        responses.addWarning(response, code, problem);
    }
}
