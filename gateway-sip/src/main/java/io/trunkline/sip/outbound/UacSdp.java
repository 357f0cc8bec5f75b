package io.trunkline.sip.outbound;

import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.sip.sdp.SdesOffer;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import io.trunkline.sip.sdp.SdpOfferWriter;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The SDP offer/answer of one outbound call (RFC 3264): our offer, with SDES keys toward a secure trunk, the trunk's
 * answer read against it, and the offers the trunk makes in the dialog, each answered with our offer unchanged. SRTP
 * only toward a secure trunk, plain RTP only otherwise. Immutable once built: used on stack threads and the call's
 * serial executor alike.
 */
final class UacSdp {
    private final UacMessages messages;
    private final SdesOffer sdes;
    private final String offer;

    /** @param localRtpPort our RTP port, in the offer */
    UacSdp(SipDialer dialer, int localRtpPort) {
        this.messages = dialer.messages();
        this.sdes = dialer.secure() ? SdesOffer.fresh() : null;
        this.offer = SdpOfferWriter.write(dialer.mediaAddress(), localRtpPort,
                ThreadLocalRandom.current().nextLong(1, 1L << 53), 1, sdes);
    }

    /** Our offer, as the INVITE carries it. */
    String offer() {
        return offer;
    }

    /** The trunk's SDP, read for what our offer proposed. */
    SdpOffer read(byte[] body) {
        return SdpOfferParser.parse(body, srtpMode());
    }

    /** The callee's media in {@code sdp} with the call's keys (theirs, and ours as offered); null when unusable. */
    MediaOffer media(SdpOffer sdp) {
        if (!sdp.isAccepted()) {
            return null;
        }
        return sdes == null ? sdp.media() : sdes.keyed(sdp.media());
    }

    /**
     * Answers the trunk's re-INVITE or UPDATE. A refresh without a body gets our offer (re-INVITE) or none (UPDATE),
     * a usable new offer our offer as it was, an unusable one 488.
     *
     * @return the media a usable new offer moves to, once answered; null when it moves nothing
     */
    MediaOffer answerReoffer(ServerTransaction tx, Request request) throws Exception {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            tx.sendResponse(messages.ok(request, Request.INVITE.equals(request.getMethod()) ? offer : null));
            return null;
        }
        MediaOffer media = media(read(body));
        if (media == null) {
            tx.sendResponse(messages.response(request, Response.NOT_ACCEPTABLE_HERE));
            return null;
        }
        tx.sendResponse(messages.ok(request, offer));
        return media;
    }

    private SrtpMode srtpMode() {
        return sdes == null ? SrtpMode.OFF : SrtpMode.MANDATORY;
    }
}
