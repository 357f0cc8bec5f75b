package io.trunkline.sip.validate;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code 400} for a request the stack could not parse, built from its raw head (RFC 3261 8.2.6: the response
 * copies Via, From, To, Call-ID and CSeq, and adds a To tag). The headers are copied as received, octet for octet,
 * since one of them may be the one that does not parse. Only built on the refusal path.
 */
final class StatelessBadRequest {
    private StatelessBadRequest() {
    }

    /**
     * The response's bytes, or null when the message cannot be answered: a response, an ACK (RFC 3261 17.2.1), or a
     * request missing one of the headers a response must copy (RFC 4475 3.3.1).
     *
     * @param head the start line and headers as received
     * @param reason fixed text naming the problem; never the peer's bytes
     */
    static byte[] build(byte[] head, String reason) {
        if (!answerable(head)) {
            return null;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length() && text.charAt(start) < ' ') {
            start++; // the parser skips leading control characters (CRLF keep-alives) too
        }
        int lineEnd = lineEnd(text, start);
        StringBuilder out = new StringBuilder(256).append("SIP/2.0 400 Bad Request (").append(reason).append(")\r\n");
        int copied = 0;
        int pos = next(text, lineEnd);
        while (pos < text.length()) {
            int end = lineEnd(text, pos);
            if (end == pos) {
                break; // the empty line that ends the head
            }
            // A header's continuation lines start with white space (RFC 3261 7.3.1): they go with it.
            int headerEnd = end;
            int nextLine = next(text, end);
            while (nextLine < text.length() && (text.charAt(nextLine) == ' ' || text.charAt(nextLine) == '\t')) {
                headerEnd = lineEnd(text, nextLine);
                nextLine = next(text, headerEnd);
            }
            String header = text.substring(pos, headerEnd);
            CoreHeader h = CoreHeader.of(header);
            if (h != null && h != CoreHeader.MAX_FORWARDS && h != CoreHeader.CONTENT_LENGTH
                    && (h == CoreHeader.VIA || (copied & h.bit()) == 0)) {
                out.append(header);
                if (h == CoreHeader.TO && !hasTag(header)) {
                    out.append(";tag=").append(Long.toHexString(ThreadLocalRandom.current().nextLong()));
                }
                out.append("\r\n");
                copied |= h.bit();
            }
            pos = nextLine;
        }
        int needed = CoreHeader.VIA.bit() | CoreHeader.FROM.bit() | CoreHeader.TO.bit() | CoreHeader.CALL_ID.bit()
                | CoreHeader.CSEQ.bit();
        if ((copied & needed) != needed) {
            return null;
        }
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code message} starts as a request other than ACK: what may be answered at all. */
    static boolean answerable(byte[] message) {
        int i = 0;
        while (i < message.length && (message[i] & 0xff) < ' ') {
            i++;
        }
        if (i == message.length) {
            return false;
        }
        return !startsWith(message, i, "SIP/") && !startsWith(message, i, "ACK ") && !startsWith(message, i, "ACK\t");
    }

    private static boolean startsWith(byte[] message, int from, String prefix) {
        if (message.length - from < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (message[from + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a To header carries a tag parameter ({@code ; tag = x}, any case, spaces allowed). */
    static boolean hasTag(String to) {
        int from = 0;
        while (true) {
            int semi = to.indexOf(';', from);
            if (semi < 0) {
                return false;
            }
            int i = skipSpace(to, semi + 1);
            if (to.regionMatches(true, i, "tag", 0, 3) && skipSpace(to, i + 3) < to.length()
                    && to.charAt(skipSpace(to, i + 3)) == '=') {
                return true;
            }
            from = semi + 1;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
                || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** The index of the CR or LF ending the line that starts at {@code from}, or the text's length. */
    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    /** The start of the line after the line ending at {@code end}. */
    private static int next(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '\n') {
            end++;
        }
        return end;
    }
}
