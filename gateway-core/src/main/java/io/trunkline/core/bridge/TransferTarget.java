package io.trunkline.core.bridge;

import io.trunkline.core.config.TransferConfig;
import java.util.regex.Pattern;

/**
 * Where a transfer goes, as a {@code Refer-To} URI: an E.164 number through {@code transfer.refer-to-format}, a
 * {@code tel:} or SIP URI as given. Anything else (a number without {@code +}, spaces, angle brackets, line
 * breaks) is refused, so that nothing an agent sends can reshape the REFER.
 */
final class TransferTarget {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern URI = Pattern.compile("(?i)(sips?:[^\\s<>\"]+@?[^\\s<>\"]*|tel:\\+?[0-9*#().-]+)");
    private static final int MAX_LENGTH = 256;

    private TransferTarget() {
    }

    /** The {@code Refer-To} URI for {@code destination}, or null when it is neither a number nor a URI. */
    static String referTo(String destination, TransferConfig config) {
        String d = destination.trim();
        if (d.length() > MAX_LENGTH) {
            return null;
        }
        if (E164.matcher(d).matches()) {
            return config.referToNumber(d);
        }
        return URI.matcher(d).matches() ? d : null;
    }
}
