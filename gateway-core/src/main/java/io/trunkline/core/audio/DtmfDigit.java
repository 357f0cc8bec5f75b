package io.trunkline.core.audio;

/**
 * One key press, as reported once per press (RFC 4733 end-of-event, de-duplicated).
 *
 * @param digit          one of {@code 0-9 * # A-D}, or {@code F} for flash
 * @param durationMillis how long the key was held
 */
public record DtmfDigit(char digit, int durationMillis) {

    private static final String EVENTS = "0123456789*#ABCDF";

    public DtmfDigit {
        if (EVENTS.indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must be >= 0: " + durationMillis);
        }
    }

    /** The digit for an RFC 4733 event code 0-16, or {@code 0} when the code is not a DTMF event. */
    public static char digitForEvent(int event) {
        return event >= 0 && event < EVENTS.length() ? EVENTS.charAt(event) : 0;
    }

    /** The RFC 4733 event code of this digit (0-16). */
    public int eventCode() {
        return EVENTS.indexOf(digit);
    }
}
