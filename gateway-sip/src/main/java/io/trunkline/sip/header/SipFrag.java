package io.trunkline.sip.header;

import java.nio.charset.StandardCharsets;

/**
 * The status line of a {@code message/sipfrag} body (RFC 3420), as a NOTIFY about a REFER carries it (RFC 3515
 * section 2.4.5): {@code SIP/2.0 200 OK}, {@code SIP/2.0 503 Service Unavailable}. Only the first line matters;
 * anything after it (headers of the response it quotes) is ignored.
 *
 * @param status the status code, 100-699
 * @param reason the reason phrase, possibly empty
 */
public record SipFrag(int status, String reason) {
    private static final int MAX_REASON = 128;

    /** The status line of {@code body}, or null when it does not start with one. */
    public static SipFrag parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).strip();
        if (!line.regionMatches(true, 0, "SIP/2.0 ", 0, 8) || line.length() < 11) {
            return null;
        }
        String code = line.substring(8, 11);
        if (!code.chars().allMatch(Character::isDigit) || (line.length() > 11 && line.charAt(11) != ' ')) {
            return null;
        }
        int status = Integer.parseInt(code);
        if (status < 100 || status > 699) {
            return null;
        }
        String reason = line.length() > 12 ? line.substring(12).strip() : "";
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < reason.length() && clean.length() < MAX_REASON; i++) {
            char c = reason.charAt(i);
            clean.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return new SipFrag(status, clean.toString());
    }
}
