package io.trunkline.sip.uas;

import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.sip.sdp.MediaLine;
import io.trunkline.sip.sdp.SdesNegotiation;
import io.trunkline.sip.sdp.SdpAnswer;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDP offer/answer of one call (RFC 3264): the offer in force and the answers the gateway gives it. Every
 * answer keeps our RTP port and {@code o=} session id; each new offer in the dialog moves the version on. Also
 * reads the answer to a re-INVITE the gateway sent as a session refresh.
 */
final class CallSdp {
    private static final Logger log = LoggerFactory.getLogger(CallSdp.class);

    private final String callId;
    private final String mediaAddress;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, 1L << 53);

    // guarded by this
    private SdpOffer offer;
    private InetSocketAddress localRtp;
    private long version = 1;
    private String lastAnswer;

    /**
     * @param offer         the INVITE's offer
     * @param mediaAddress  the address written into our answers
     */
    CallSdp(String callId, SdpOffer offer, String mediaAddress) {
        this.callId = callId;
        this.offer = offer;
        this.mediaAddress = mediaAddress;
    }

    /** The offer in force: the INVITE's, until the answer or a new offer in the dialog replaces it. */
    synchronized SdpOffer offer() {
        return offer;
    }

    /**
     * The answer to the INVITE, with the media on {@code localRtp}: to its offer, or, when it had no usable one, a
     * description of {@code media} alone.
     */
    synchronized String answer(InetSocketAddress localRtp, MediaOffer media) {
        this.localRtp = localRtp;
        if (offer == null || !offer.isAccepted()) {
            offer = SdpOffer.accepted(media, List.of(
                    new MediaLine("audio", "RTP/AVP", Integer.toString(media.payloadType()))), 0);
        }
        return write(media);
    }

    /** The answer to a new offer in the dialog (same port, next version); null before the INVITE was answered. */
    synchronized String reanswer(SdpOffer newOffer) {
        if (localRtp == null) {
            return null;
        }
        offer = SdesNegotiation.continuing(offer, newOffer);
        version++;
        return write(offer.media());
    }

    /** The media negotiated last (after a re-INVITE, with the SRTP keys its answer carried); null if none. */
    synchronized MediaOffer media() {
        return offer == null || !offer.isAccepted() ? null : offer.media();
    }

    /** The last answer the gateway gave; null before the INVITE was answered. */
    synchronized String lastAnswer() {
        return lastAnswer;
    }

    /**
     * The media of {@code sdp}, the answer to a re-INVITE the gateway sent as a refresh, when it moves the media
     * (another address, or direction); null when it changes nothing the media leg can follow. The refresh offered
     * our description unchanged, so the answer normally repeats the caller's.
     */
    MediaOffer movedBy(byte[] sdp, SrtpMode srtpMode) {
        if (sdp == null || sdp.length == 0) {
            return null;
        }
        SdpOffer answer = SdpOfferParser.parse(sdp, srtpMode);
        MediaOffer current;
        synchronized (this) {
            current = offer == null ? null : offer.media();
        }
        if (!answer.isAccepted() || current == null) {
            log.debug("answer to the session refresh of {} not used: {}", callId, answer.problem());
            return null;
        }
        MediaOffer media = answer.media().withSrtp(current.srtp()); // our offer repeated the keys: they stay
        if (media.remoteRtp().equals(current.remoteRtp()) && media.remoteRtcp().equals(current.remoteRtcp())
                && media.direction() == current.direction()) {
            return null;
        }
        if (media.codec() != current.codec() || media.payloadType() != current.payloadType()) {
            log.info("answer to the session refresh of {} changes the codec: ignored", callId);
            return null;
        }
        log.info("answer to the session refresh of {} moves the media to {} {}", callId, media.remoteRtp(),
                media.direction().sdpAttribute());
        return media;
    }

    private String write(MediaOffer media) {
        lastAnswer = SdpAnswer.write(offer, media, mediaAddress, localRtp.getPort(), sessionId, version);
        return lastAnswer;
    }
}
