package io.trunkline.sip.sdp;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.SrtpKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses what to accept from a parsed offer (RFC 3264 section 6): the first audio stream of an accepted transport
 * (RTP/AVP, and RTP/SAVP with a usable SDES {@code a=crypto} line as {@link SrtpMode} allows) with a port that
 * offers PCMU (preferred) or PCMA at 8 kHz, under a static or a dynamic payload type, its telephone-event payload
 * type, where to send RTP and RTCP, the packetisation time asked for ({@code ptime}, capped by {@code maxptime}) and
 * the direction. Every other stream, audio ones included, is refused in the answer with port 0. An offer without
 * any audio stream, or whose audio streams are all declined or unusable, is not malformed: it gets 488.
 *
 * <p>SRTP: with {@link SrtpMode#OFF} an RTP/SAVP stream is an unsupported transport; with
 * {@link SrtpMode#OPTIONAL} both transports are taken, the first usable stream wins; with
 * {@link SrtpMode#MANDATORY} an RTP/AVP stream is refused. An RTP/SAVP stream without a usable crypto line is
 * passed over, and if no other stream is usable the 488 says why (Warning 306 for the crypto line, 302 for the
 * transport).
 */
final class OfferNegotiator {
    static final int DEFAULT_PTIME = 20;
    /** RFC 3261 Warning codes. */
    static final int WARN_INCOMPATIBLE_TRANSPORT = 302;
    static final int WARN_ATTRIBUTE_NOT_UNDERSTOOD = 306;
    static final String PLAIN = "RTP/AVP";
    static final String SECURE = "RTP/SAVP";

    private final List<MediaSection> sections;
    private final MediaSection.Connection sessionConnection;
    private final MediaDirection sessionDirection;
    private final int sessionPtime;
    private final int sessionMaxptime;
    private final SrtpMode srtp;

    OfferNegotiator(List<MediaSection> sections, MediaSection.Connection sessionConnection,
            MediaDirection sessionDirection, int sessionPtime, int sessionMaxptime, SrtpMode srtp) {
        this.srtp = srtp;
        this.sections = sections;
        this.sessionConnection = sessionConnection;
        this.sessionDirection = sessionDirection;
        this.sessionPtime = sessionPtime;
        this.sessionMaxptime = sessionMaxptime;
    }

    /** Codec and DTMF payload types found on one stream; -1 when absent. */
    private record Choice(int pcmu, int pcma, int telephoneEvent) {
        boolean hasG711() {
            return pcmu >= 0 || pcma >= 0;
        }
    }

    SdpOffer negotiate() {
        boolean audio = false;
        boolean activeAudio = false;
        String transport = null;
        String cryptoProblem = null;
        for (int i = 0; i < sections.size(); i++) {
            MediaSection s = sections.get(i);
            if (!s.media.equals("audio")) {
                continue;
            }
            audio = true;
            if (s.port == 0) {
                continue;
            }
            activeAudio = true;
            if (!takes(s.protocol)) {
                transport = transport == null ? s.protocol : transport;
                continue;
            }
            int[] payloadTypes = payloadTypes(s);
            if (payloadTypes == null) {
                return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, "payload type on m=audio is not 0-127");
            }
            Choice choice = choose(s, payloadTypes);
            if (!choice.hasG711()) {
                continue;
            }
            if (!s.protocol.equals(SECURE)) {
                return accept(i, s, choice, null);
            }
            SdesNegotiation.Outcome keys = SdesNegotiation.negotiate(s.crypto);
            if (keys.keys() != null) {
                return accept(i, s, choice, keys.keys());
            }
            cryptoProblem = cryptoProblem == null ? keys.problem() : cryptoProblem;
        }
        if (!audio) {
            // A well-formed offer of other media only (video, say): nothing the gateway can take (RFC 3264 6).
            return SdpOffer.rejected(EndReason.REJECTED_CODEC, "no audio stream offered");
        }
        if (!activeAudio) {
            return SdpOffer.rejected(EndReason.REJECTED_CODEC, "audio stream declined with port 0");
        }
        if (cryptoProblem != null) {
            return SdpOffer.rejected(EndReason.REJECTED_CODEC, clip(cryptoProblem, 120),
                    WARN_ATTRIBUTE_NOT_UNDERSTOOD);
        }
        if (transport != null && !hasTakenTransport()) {
            if (srtp == SrtpMode.MANDATORY && transport.equals(PLAIN)) {
                return SdpOffer.rejected(EndReason.REJECTED_CODEC,
                        "plain RTP refused: SRTP is required (RTP/SAVP with a=crypto)", WARN_INCOMPATIBLE_TRANSPORT);
            }
            return SdpOffer.rejected(EndReason.REJECTED_CODEC, "unsupported audio transport " + clip(transport, 32),
                    WARN_INCOMPATIBLE_TRANSPORT);
        }
        return SdpOffer.rejected(EndReason.REJECTED_CODEC, "neither PCMU nor PCMA offered");
    }

    /** Whether streams of {@code protocol} may be taken under the SRTP mode. */
    private boolean takes(String protocol) {
        return protocol.equals(PLAIN) ? srtp != SrtpMode.MANDATORY
                : protocol.equals(SECURE) && srtp != SrtpMode.OFF;
    }

    private boolean hasTakenTransport() {
        return sections.stream().anyMatch(s -> s.media.equals("audio") && s.port != 0 && takes(s.protocol));
    }

    private SdpOffer accept(int index, MediaSection s, Choice choice, SrtpKeys keys) {
        MediaSection.Connection connection = s.connection != null ? s.connection : sessionConnection;
        if (connection == null) {
            return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, "no c= line for the audio stream");
        }
        if (connection.address() == null) {
            return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, connection.problem());
        }
        InetAddress address = connection.address();
        InetSocketAddress rtp = new InetSocketAddress(address, s.port);
        InetSocketAddress rtcp = s.rtcpPort > 0
                ? new InetSocketAddress(s.rtcpAddress != null ? s.rtcpAddress : address, s.rtcpPort)
                : new InetSocketAddress(address, s.port < 65535 ? s.port + 1 : s.port);
        boolean pcmu = choice.pcmu() >= 0;
        int ptime = s.ptimeMillis > 0 ? s.ptimeMillis : sessionPtime > 0 ? sessionPtime : DEFAULT_PTIME;
        int maxptime = s.maxptimeMillis > 0 ? s.maxptimeMillis : sessionMaxptime;
        if (maxptime > 0 && maxptime < ptime) {
            ptime = maxptime; // what the offerer can take at most is what it asks for
        }
        MediaOffer media = new MediaOffer(rtp, rtcp, pcmu ? AudioFormat.PCMU_8K : AudioFormat.PCMA_8K,
                pcmu ? choice.pcmu() : choice.pcma(), choice.telephoneEvent(), ptime, direction(s, address), keys);
        List<MediaLine> lines = new ArrayList<>(sections.size());
        for (MediaSection section : sections) {
            lines.add(section.line());
        }
        return SdpOffer.accepted(media, lines, index, maxptime);
    }

    /** Media level wins over session level; an RFC 2543 hold address (0.0.0.0) means the peer receives nothing. */
    private MediaDirection direction(MediaSection s, InetAddress address) {
        MediaDirection d = s.direction != null ? s.direction
                : sessionDirection != null ? sessionDirection : MediaDirection.SENDRECV;
        if (address.isAnyLocalAddress()) {
            if (d == MediaDirection.SENDRECV) {
                return MediaDirection.SENDONLY;
            }
            if (d == MediaDirection.RECVONLY) {
                return MediaDirection.INACTIVE;
            }
        }
        return d;
    }

    private static int[] payloadTypes(MediaSection s) {
        int[] pts = new int[s.formats.size()];
        for (int i = 0; i < pts.length; i++) {
            int pt = SdpTokens.parseUnsigned(s.formats.get(i), 3);
            if (pt < 0 || pt > 127) {
                return null;
            }
            pts[i] = pt;
        }
        return pts;
    }

    private static Choice choose(MediaSection s, int[] payloadTypes) {
        int pcmu = -1;
        int pcma = -1;
        int te = -1;
        for (int pt : payloadTypes) {
            MediaSection.Rtpmap map = s.rtpmaps.get(pt);
            if (map == null) {
                map = staticMapping(pt);
            }
            if (map == null || map.clockRate() != 8000) {
                continue;
            }
            switch (map.encoding()) {
                case "PCMU" -> pcmu = pcmu < 0 && map.channels() == 1 ? pt : pcmu;
                case "PCMA" -> pcma = pcma < 0 && map.channels() == 1 ? pt : pcma;
                case "TELEPHONE-EVENT" -> te = te < 0 ? pt : te;
                default -> {
                    // not a format we use
                }
            }
        }
        return new Choice(pcmu, pcma, te);
    }

    /** RFC 3551 static payload types that matter here. */
    private static MediaSection.Rtpmap staticMapping(int pt) {
        return switch (pt) {
            case 0 -> new MediaSection.Rtpmap("PCMU", 8000, 1);
            case 8 -> new MediaSection.Rtpmap("PCMA", 8000, 1);
            default -> null;
        };
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
