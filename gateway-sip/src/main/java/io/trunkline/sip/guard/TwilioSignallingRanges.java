package io.trunkline.sip.guard;

import java.util.List;

/**
 * The {@code twilio} allowlist preset: the source ranges of Twilio's Elastic SIP Trunking signalling gateways,
 * one /30 per edge location. Twilio asks customers to allow all of them, because calls fail over between edges.
 *
 * <p>Source: "IP Addresses for Elastic SIP Trunking Services", section "Regional signaling IP gateways",
 * https://www.twilio.com/docs/sip-trunking/ip-addresses (checked 2026-11-23). Media (RTP) comes from a separate
 * range (168.86.128.0/18) and is not part of this list: RTP is latched per call, not filtered here.
 */
public final class TwilioSignallingRanges {
    /** Name of the preset in {@code sip.allowlist}. */
    public static final String PRESET = "twilio";

    static final List<String> RANGES = List.of(
            "54.172.60.0/30",    // North America, Virginia (ashburn, us1)
            "54.244.51.0/30",    // North America, Oregon (umatilla, us2)
            "54.171.127.192/30", // Europe, Ireland (dublin, ie1)
            "35.156.191.128/30", // Europe, Frankfurt (frankfurt, de1)
            "54.65.63.192/30",   // Asia Pacific, Tokyo (tokyo, jp1)
            "54.169.127.128/30", // Asia Pacific, Singapore (singapore, sg1)
            "54.252.254.64/30",  // Asia Pacific, Sydney (sydney, au1)
            "177.71.206.192/30"  // South America, Sao Paulo (sao-paulo, br1)
    );

    private TwilioSignallingRanges() {
    }
}
