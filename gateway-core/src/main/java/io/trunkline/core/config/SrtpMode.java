package io.trunkline.core.config;

import java.util.Locale;

/**
 * Whether the gateway takes SRTP (RFC 3711, keys by SDES, RFC 4568) from the carrier ({@code rtp.srtp}).
 */
public enum SrtpMode {
    /** Plain RTP only: an offer of RTP/SAVP alone is refused with 488, as by a gateway without SRTP. */
    OFF,
    /** SRTP answered to RTP/SAVP offers, plain RTP to RTP/AVP offers: the first usable stream is taken. */
    OPTIONAL,
    /** SRTP only: an offer without a usable RTP/SAVP stream is refused with 488. */
    MANDATORY;

    /** {@code off}, {@code optional} or {@code mandatory}, as in the configuration. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (case-insensitive), or null when none is. */
    public static SrtpMode parse(String text) {
        if (text == null) {
            return null;
        }
        for (SrtpMode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        return null;
    }
}
