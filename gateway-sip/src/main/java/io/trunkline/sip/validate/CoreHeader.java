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
        if (line.isEmpty() || !candidate(line.charAt(0))) {
            return null; // most header lines (Contact, User-Agent, X-…): one switch, no scan
        }
        int end = 0;
        int n = line.length();
        while (end < n) {
            char c = line.charAt(end);
            if (c == ':' || c == ' ' || c == '\t') {
                break;
            }
            end++;
        }
        if (end == 0) {
            return null;
        }
        switch (line.charAt(0)) {
            case 'v', 'V':
                return VIA.named(line, end);
            case 'f', 'F':
                return FROM.named(line, end);
            case 't', 'T':
                return TO.named(line, end);
            case 'i', 'I':
                return CALL_ID.named(line, end);
            case 'm', 'M':
                return MAX_FORWARDS.named(line, end);
            case 'l', 'L':
                return CONTENT_LENGTH.named(line, end);
            case 'c', 'C':
                CoreHeader h = CSEQ.named(line, end);
                h = h != null ? h : CALL_ID.named(line, end);
                return h != null ? h : CONTENT_LENGTH.named(line, end);
            default:
                return null;
        }
    }

    private static boolean candidate(char first) {
        return switch (first) {
            case 'v', 'V', 'f', 'F', 't', 'T', 'i', 'I', 'm', 'M', 'l', 'L', 'c', 'C' -> true;
            default -> false;
        };
    }

    /** This header if {@code line[0, end)} is its name or compact form, else null. */
    private CoreHeader named(String line, int end) {
        return matches(line, end, name) || (compact != null && matches(line, end, compact)) ? this : null;
    }

    private static boolean matches(String line, int end, String candidate) {
        return end == candidate.length() && line.regionMatches(true, 0, candidate, 0, end);
    }
}
