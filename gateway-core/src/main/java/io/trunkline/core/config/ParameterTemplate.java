package io.trunkline.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code agent.custom-parameters} value: text with placeholders for the call's facts, filled in per call.
 * <ul>
 * <li>{@code {from}}, {@code {to}}: the caller's and the called number (the user part of the From and To URIs,
 *     e.g. {@code +15083084809});</li>
 * <li>{@code {callSid}}, {@code {accountSid}}: the SIDs told to the agent (the trunk's {@code X-Twilio-CallSid} and
 *     {@code X-Twilio-AccountSid}, or the gateway's own when the call has none);</li>
 * <li>{@code {callId}}: the gateway's call id, as in the call record;</li>
 * <li>{@code {header:X-Name}}: the value of a received {@code X-} header (name case-insensitive), empty when the call
 *     has none.</li>
 * </ul>
 * Doubled braces, <code>{{</code> and <code>}}</code>, stand for literal ones. Immutable; parsed once, at start-up.
 */
public final class ParameterTemplate {

    /** The facts a template may name, besides {@code header:X-…}. */
    public static final Set<String> FACTS = Set.of("from", "to", "callSid", "accountSid", "callId");

    private static final String HEADER = "header:";

    /** Literal text, a fact from {@link #FACTS}, or a header. */
    private record Part(String literal, String fact, String header) {
    }

    private final String source;
    private final List<Part> parts;

    private ParameterTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Parses {@code text}.
     *
     * @param key the configuration key, named in errors
     * @throws ConfigException for an unknown placeholder, a header that is not an {@code X-} header, or an unclosed
     *                         brace
     */
    public static ParameterTemplate parse(String key, String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                if (close < 0) {
                    throw new ConfigException(key, "placeholders closed with '}' (write '{{' for a brace)", text);
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), null, null));
                    literal.setLength(0);
                }
                parts.add(placeholder(key, text.substring(i + 1, close).trim()));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null, null));
        }
        return new ParameterTemplate(text, List.copyOf(parts));
    }

    private static Part placeholder(String key, String name) {
        if (FACTS.contains(name)) {
            return new Part(null, name, null);
        }
        if (name.regionMatches(true, 0, HEADER, 0, HEADER.length())) {
            String header = name.substring(HEADER.length()).trim();
            if (header.length() > 2 && header.regionMatches(true, 0, "X-", 0, 2) && isToken(header)) {
                return new Part(null, null, header);
            }
            throw new ConfigException(key, "{header:X-Name} with the name of an X- header", "{" + name + "}");
        }
        throw new ConfigException(key, "placeholders among {from}, {to}, {callSid}, {accountSid}, {callId}, "
                + "{header:X-Name}", "{" + name + "}");
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(),/:;<=>?@[\\]{}\"".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value for one call.
     *
     * @param facts   the values of {@link #FACTS} (a missing one renders empty)
     * @param headers the call's {@code X-} headers by name as received
     */
    public String render(Map<String, String> facts, Map<String, String> headers) {
        if (parts.size() == 1 && parts.get(0).literal() != null) {
            return parts.get(0).literal();
        }
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p.literal() != null) {
                out.append(p.literal());
            } else if (p.fact() != null) {
                String v = facts.get(p.fact());
                out.append(v == null ? "" : v);
            } else {
                out.append(header(headers, p.header()));
            }
        }
        return out.toString();
    }

    private static String header(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return h.getValue();
            }
        }
        return "";
    }

    /** The number in a SIP or tel URI: {@code <sip:+15083728299@gw.example.com;x=y>} → {@code +15083728299}. */
    public static String userPart(String uri) {
        if (uri == null) {
            return "";
        }
        String s = uri.trim();
        int open = s.indexOf('<');
        if (open >= 0) {
            s = s.substring(open + 1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"sip:", "sips:", "tel:"}) {
            if (lower.startsWith(scheme)) {
                s = s.substring(scheme.length());
                break;
            }
        }
        int end = s.length();
        for (char stop : new char[] {'@', ';', '>', '?'}) {
            int at = s.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return source;
    }
}
