package io.trunkline.core.media;

import io.trunkline.core.audio.AudioFormat;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The carrier's media description after negotiation: where to send RTP, which G.711 variant was chosen, the
 * telephone-event payload type (or -1 when none was offered), the direction from the carrier's point of view,
 * and the SRTP keys when media is encrypted.
 *
 * @param remoteRtp             where the carrier receives RTP
 * @param remoteRtcp            where the carrier receives RTCP (the offer's {@code a=rtcp} or RTP port + 1)
 * @param codec                 {@link AudioFormat#PCMU_8K} or {@link AudioFormat#PCMA_8K}
 * @param payloadType           the RTP payload type of {@code codec} in this session
 * @param telephoneEventPayloadType RFC 4733 payload type, or -1
 * @param ptimeMillis           packetisation time asked for (the gateway always sends 20 ms)
 * @param direction             the offer's direction attribute
 * @param srtp                  the SRTP keys SDES negotiated, or null for plain RTP
 */
public record MediaOffer(
        InetSocketAddress remoteRtp,
        InetSocketAddress remoteRtcp,
        AudioFormat codec,
        int payloadType,
        int telephoneEventPayloadType,
        int ptimeMillis,
        MediaDirection direction,
        SrtpKeys srtp) {

    public MediaOffer {
        Objects.requireNonNull(remoteRtp, "remoteRtp");
        Objects.requireNonNull(remoteRtcp, "remoteRtcp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(direction, "direction");
        if (!codec.isG711()) {
            throw new IllegalArgumentException("carrier codec must be G.711: " + codec);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType out of range: " + payloadType);
        }
        if (telephoneEventPayloadType < -1 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephoneEventPayloadType out of range: " + telephoneEventPayloadType);
        }
    }

    /** Plain RTP media (no SRTP). */
    public MediaOffer(InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, AudioFormat codec, int payloadType,
            int telephoneEventPayloadType, int ptimeMillis, MediaDirection direction) {
        this(remoteRtp, remoteRtcp, codec, payloadType, telephoneEventPayloadType, ptimeMillis, direction, null);
    }

    /** Whether media is SRTP (its keys in {@link #srtp()}). */
    public boolean encrypted() {
        return srtp != null;
    }

    /** The same offer with another direction and remote address, as a re-INVITE brings. */
    public MediaOffer withDirection(MediaDirection newDirection) {
        return new MediaOffer(remoteRtp, remoteRtcp, codec, payloadType, telephoneEventPayloadType, ptimeMillis,
                newDirection, srtp);
    }

    /** The same offer with other SRTP keys (null: plain RTP). */
    public MediaOffer withSrtp(SrtpKeys keys) {
        return new MediaOffer(remoteRtp, remoteRtcp, codec, payloadType, telephoneEventPayloadType, ptimeMillis,
                direction, keys);
    }
}
