package io.trunkline.sip.uac;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A SIP message as text, parsed just enough for tests. */
public final class SipMsg {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id",
            "m", "contact", "l", "content-length", "c", "content-type", "k", "supported");

    private static final Pattern START_LINE =
            Pattern.compile("SIP/2\\.0 \\d{3}( .*)?|[A-Z]+ \\S+ SIP/2\\.0");

    private final String startLine;
    private final List<String[]> headers;
    private final String body;

    private SipMsg(String startLine, List<String[]> headers, String body) {
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Whether {@code text} starts with a SIP start line ({@code SIP/2.0 200 ...} or {@code METHOD uri SIP/2.0}).
     * Anything else reaching a test UA's port, such as RTP sent to a caller's media port that the kernel later
     * handed out as that UA's signalling port, is not a SIP message and is dropped, as a real UA drops it.
     */
    public static boolean isSip(String text) {
        int end = text.indexOf("\r\n");
        String line = end < 0 ? text : text.substring(0, end);
        return START_LINE.matcher(line).matches();
    }

    /** Parses one complete message (headers, blank line, body). */
    public static SipMsg parse(String text) {
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {canonical(lines[i].substring(0, colon).trim()),
                        lines[i].substring(colon + 1).trim()});
            }
        }
        return new SipMsg(lines[0], headers, body);
    }

    private static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMPACT.getOrDefault(lower, lower);
    }

    public String startLine() {
        return startLine;
    }

    public boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    public int status() {
        return isResponse() ? Integer.parseInt(startLine.substring(8, 11)) : -1;
    }

    public String method() {
        return isResponse() ? null : startLine.substring(0, startLine.indexOf(' '));
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        String key = canonical(name);
        for (String[] h : headers) {
            if (h[0].equals(key)) {
                return h[1];
            }
        }
        return null;
    }

    /** All values of header {@code name}, in order (comma-separated values stay joined). */
    public List<String> headers(String name) {
        String key = canonical(name);
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(key)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    public String callId() {
        return header("Call-ID");
    }

    /** The method in CSeq. */
    public String cseqMethod() {
        String cseq = header("CSeq");
        return cseq == null ? null : cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    public long cseqNumber() {
        String cseq = header("CSeq");
        return Long.parseLong(cseq.substring(0, cseq.indexOf(' ')).trim());
    }

    /** The tag parameter of the To header, or null. */
    public String toTag() {
        return tag(header("To"));
    }

    public String fromTag() {
        return tag(header("From"));
    }

    private static String tag(String value) {
        if (value == null) {
            return null;
        }
        int i = value.toLowerCase(Locale.ROOT).indexOf(";tag=");
        if (i < 0) {
            return null;
        }
        String rest = value.substring(i + 5);
        int end = rest.indexOf(';');
        return end < 0 ? rest.trim() : rest.substring(0, end).trim();
    }

    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return startLine + " " + headers.size() + " headers, body " + body.length() + " chars";
    }
}
