package io.trunkline.bench.load.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed SIP message, as much of it as a UAC needs: the start line, the headers (compact forms expanded) and the
 * body. Parsing is lenient about line endings and case; a datagram that is not SIP gives null.
 */
public final class SipMessage {

    private final String startLine;
    private final List<String[]> headers;
    private final String body;

    private SipMessage(String startLine, List<String[]> headers, String body) {
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    /** Parses a datagram, or returns null when it is not a SIP message. */
    public static SipMessage parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        int bodyStart = split + 4;
        if (split < 0) {
            split = text.indexOf("\n\n");
            bodyStart = split + 2;
        }
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(bodyStart);
        String[] lines = head.split("\r?\n");
        if (lines.length == 0 || !(lines[0].startsWith("SIP/2.0 ") || lines[0].endsWith(" SIP/2.0"))) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                String[] last = headers.get(headers.size() - 1);
                last[1] = last[1] + " " + line.trim();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {expand(line.substring(0, colon).trim()), line.substring(colon + 1).trim()});
            }
        }
        return new SipMessage(lines[0], headers, body);
    }

    public boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response, or 0 for a request. */
    public int status() {
        if (!isResponse()) {
            return 0;
        }
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The method of a request, or null for a response. */
    public String method() {
        return isResponse() ? null : startLine.substring(0, startLine.indexOf(' '));
    }

    /** The first value of a header (full name, any case), or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Every value of a header, in order (a comma-joined Via counts as one value). */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /** The method named in CSeq, upper case, or "". */
    public String cseqMethod() {
        String cseq = header("CSeq");
        if (cseq == null) {
            return "";
        }
        String[] parts = cseq.trim().split("\\s+");
        return parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
    }

    public String body() {
        return body;
    }

    /** The value of parameter {@code name} in a header value such as {@code <sip:a@b>;tag=x}, or null. */
    public static String param(String value, String name) {
        if (value == null) {
            return null;
        }
        int close = value.lastIndexOf('>');
        String params = close >= 0 ? value.substring(close + 1) : value;
        for (String p : params.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return t.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** The URI inside angle brackets of a header value, or the value up to the first ';'. */
    public static String uri(String value) {
        if (value == null) {
            return null;
        }
        int open = value.indexOf('<');
        int close = value.indexOf('>');
        if (open >= 0 && close > open) {
            return value.substring(open + 1, close);
        }
        int semi = value.indexOf(';');
        return (semi >= 0 ? value.substring(0, semi) : value).trim();
    }

    private static String expand(String name) {
        if (name.length() != 1) {
            return name;
        }
        return switch (Character.toLowerCase(name.charAt(0))) {
            case 'i' -> "Call-ID";
            case 'v' -> "Via";
            case 'f' -> "From";
            case 't' -> "To";
            case 'm' -> "Contact";
            case 'l' -> "Content-Length";
            case 'c' -> "Content-Type";
            default -> name;
        };
    }
}
