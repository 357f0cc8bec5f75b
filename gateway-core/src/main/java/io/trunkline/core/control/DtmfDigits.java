package io.trunkline.core.control;

import java.util.Locale;

/** The digits a call-control request may send: {@code 0-9 * # A-D}, at most {@value #MAX_DIGITS} at a time. */
public final class DtmfDigits {
    /** The longest string of digits one request may send (about 5 s of tones). */
    public static final int MAX_DIGITS = 32;
    private static final String ALLOWED = "0123456789*#ABCD";

    private DtmfDigits() {
    }

    /**
     * {@code digits} in upper case.
     *
     * @throws CallControlException {@link CallControlException.Kind#INVALID} when empty, too long or holding
     *                              anything but a DTMF key
     */
    public static String check(String digits) throws CallControlException {
        if (digits == null || digits.isEmpty()) {
            throw new CallControlException(CallControlException.Kind.INVALID, "digits: at least one of 0-9 * # A-D");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new CallControlException(CallControlException.Kind.INVALID,
                    "digits: at most " + MAX_DIGITS + " at a time, got " + digits.length());
        }
        String upper = digits.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            if (ALLOWED.indexOf(upper.charAt(i)) < 0) {
                throw new CallControlException(CallControlException.Kind.INVALID,
                        "digits: '" + printable(digits.charAt(i)) + "' is not one of 0-9 * # A-D");
            }
        }
        return upper;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
