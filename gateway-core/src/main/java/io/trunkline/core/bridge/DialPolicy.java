package io.trunkline.core.bridge;

import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.CallControlException.Kind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which numbers an outbound call may go to and come from: E.164 ({@code +} and 8 to 15 digits), the callee within
 * the allowed prefixes (the toll-fraud guard: an empty list allows nothing), the caller ID from the request or the
 * configured default. Refusals say why, in words fit for the API's error body.
 */
final class DialPolicy {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private final List<String> allowedPrefixes;
    private final String defaultFrom;

    DialPolicy(OutboundConfig config) {
        this.allowedPrefixes = config.allowedPrefixes();
        this.defaultFrom = config.from();
    }

    /** The callee, checked: INVALID when it is not E.164, FORBIDDEN when outside the allowed prefixes. */
    String callee(String to) throws CallControlException {
        String number = normalised("to", to);
        if (allowedPrefixes.isEmpty()) {
            throw new CallControlException(Kind.FORBIDDEN, "no number may be called: outbound.allowed-prefixes is "
                    + "empty");
        }
        for (String prefix : allowedPrefixes) {
            if (number.startsWith(prefix)) {
                return number;
            }
        }
        throw new CallControlException(Kind.FORBIDDEN, "'to' " + number
                + " is outside the allowed prefixes (outbound.allowed-prefixes)");
    }

    /** The caller ID: the request's, checked, or the configured default; INVALID when there is neither. */
    String caller(String from) throws CallControlException {
        if (from == null || from.isBlank()) {
            if (defaultFrom.isEmpty()) {
                throw new CallControlException(Kind.INVALID, "'from' is required (no outbound.from is configured)");
            }
            return defaultFrom;
        }
        return normalised("from", from);
    }

    /** {@code number} without the separators people write ({@code +1 (555) 000-1111}), checked to be E.164. */
    private static String normalised(String field, String number) throws CallControlException {
        if (number == null || number.isBlank()) {
            throw new CallControlException(Kind.INVALID, "'" + field + "' is required");
        }
        String compact = number.strip().replaceAll("[ ().-]", "");
        if (!compact.startsWith("+")) {
            throw new CallControlException(Kind.INVALID, "'" + field + "' must be E.164, starting with + and the "
                    + "country code");
        }
        if (!E164.matcher(compact).matches()) {
            throw new CallControlException(Kind.INVALID, "'" + field + "' must be + and 8 to 15 digits, the first "
                    + "not 0");
        }
        return compact;
    }
}
