package io.trunkline.core.config;

import java.time.Duration;

/**
 * How calls are handed over to a human ({@code transfer.*}).
 *
 * @param mode           the mode used when a request names none: {@code refer} (blind transfer by SIP REFER) or
 *                       {@code bridge}
 * @param referToFormat  the {@code Refer-To} URI for a phone-number destination, {@value #NUMBER} standing for the
 *                       E.164 number ({@code tel:{number}}, or {@code sip:{number}@mytrunk.pstn.twilio.com}); a SIP
 *                       destination is referred to as given
 * @param referredBy     the {@code Referred-By} URI to send with each REFER, or null for none
 * @param notifyTimeout  how long after the REFER the carrier has to report the transfer's final outcome (NOTIFY);
 *                       after that the transfer counts as failed and the call stays with the agent
 * @param bridgeFallback whether a refused REFER should be retried as a bridged transfer
 */
public record TransferConfig(TransferMode mode, String referToFormat, String referredBy, Duration notifyTimeout,
        boolean bridgeFallback) {

    /** The placeholder of {@link #referToFormat}. */
    public static final String NUMBER = "{number}";

    public static final TransferConfig DEFAULTS = new TransferConfig(TransferMode.REFER, "tel:" + NUMBER, null,
            Duration.ofSeconds(30), false);

    public TransferConfig {
        if (mode == null) {
            throw new ConfigException("transfer.mode", "refer or bridge", null);
        }
        Check.notBlank("transfer.refer-to-format", referToFormat);
        if (!referToFormat.contains(NUMBER)) {
            throw new ConfigException("transfer.refer-to-format", "a URI with " + NUMBER, referToFormat);
        }
        if (!referToFormat.matches("(?i)(tel|sips?):\\S+")) {
            throw new ConfigException("transfer.refer-to-format", "a tel:, sip: or sips: URI without spaces",
                    referToFormat);
        }
        referredBy = referredBy == null || referredBy.isBlank() ? null : referredBy.trim();
        if (referredBy != null && !referredBy.matches("(?i)sips?:\\S+")) {
            throw new ConfigException("transfer.referred-by", "a sip: or sips: URI, or empty", referredBy);
        }
        Check.positive("transfer.notify-timeout", notifyTimeout);
    }

    /** The {@code Refer-To} URI for a number ({@code +15550001111}). */
    public String referToNumber(String number) {
        return referToFormat.replace(NUMBER, number);
    }
}
