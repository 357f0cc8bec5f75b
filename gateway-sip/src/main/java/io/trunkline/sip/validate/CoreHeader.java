package io.trunkline.sip.validate;

/**
 * The headers a request cannot be answered or routed without (RFC 3261 8.1.1 and 20), recognised from a raw header
 * line by name or compact form, case-insensitively. All but Via may appear once only (RFC 3261 7.3.1); a repeated one
 * leaves the message without a meaning, since the stack would silently keep one of the values.
 */
enum CoreHeader {
    VIA("Via", "v", false),
    FROM("From", "f", true),
    TO("To", "t", true),
    CALL_ID("Call-ID", "i", true),
    CSEQ("CSeq", null, true),
    MAX_FORWARDS("Max-Forwards", null, true),
    CONTENT_LENGTH("Content-Length", "l", true);

    private static final CoreHeader[] ALL = values();

    private final String name;
    private final String compact;
    private final boolean singleValue;

    CoreHeader(String name, String compact, boolean singleValue) {
        this.name = name;
        this.compact = compact;
        this.singleValue = singleValue;
    }

    /** The canonical name, as it appears in reason phrases. */
    String headerName() {
        return name;
    }

    boolean singleValue() {
        return singleValue;
    }

    /** One bit per header, for a set kept in an {@code int}. */
    int bit() {
        return 1 << ordinal();
    }

    /**
     * The core header a header line starts with, or null. The name ends at the colon or at white space before it
     * ({@code "Via  : ..."} is legal, RFC 3261 7.3.1). Allocates nothing.
     */
    static CoreHeader of(String line) {
        int end = 0;
        int n = line.length();
        while (end < n) {
            char c = line.charAt(end);
            if (c == ':' || c == ' ' || c == '\t') {
                break;
            }
            end++;
        }
        for (CoreHeader h : ALL) {
            if (matches(line, end, h.name) || (h.compact != null && matches(line, end, h.compact))) {
                return h;
            }
        }
        return null;
    }

    private static boolean matches(String line, int end, String candidate) {
        return end == candidate.length() && line.regionMatches(true, 0, candidate, 0, end);
    }
}
