package io.trunkline.sip.sdp;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaDirection;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, strict SDP offer reader (RFC 4566 lines, RFC 3264 offer/answer). Everything is bounded (body, line
 * length, line count, media lines, formats), no name is ever resolved, and no exception escapes: input that
 * cannot be read becomes a rejected {@link SdpOffer}. Structure ({@code v=}, {@code m=}, {@code c=}) is checked
 * strictly; attributes that cannot be read are ignored.
 */
public final class SdpOfferParser {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_LINE_CHARS = 1024;
    static final int MAX_LINES = 512;
    static final int MAX_MEDIA_LINES = 16;
    static final int MAX_FORMATS = 32;
    static final int MIN_PTIME = 10;
    static final int MAX_PTIME = 200;

    private final List<MediaSection> sections = new ArrayList<>();
    private MediaSection current;
    private MediaSection.Connection sessionConnection;
    private MediaDirection sessionDirection;
    private int sessionPtime;
    private int sessionMaxptime;

    private final SrtpMode srtp;

    private SdpOfferParser(SrtpMode srtp) {
        this.srtp = srtp;
    }

    /** Reads {@code body} and negotiates it for plain RTP only ({@link SrtpMode#OFF}); never throws. */
    public static SdpOffer parse(byte[] body) {
        return parse(body, SrtpMode.OFF);
    }

    /** Reads {@code body} and negotiates it, taking SRTP as {@code srtp} says; never throws. */
    public static SdpOffer parse(byte[] body, SrtpMode srtp) {
        try {
            return new SdpOfferParser(srtp).parse0(body);
        } catch (RuntimeException e) {
            // A bug here must not take a listener thread down; the caller still gets a clean rejection.
            return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, "unreadable SDP");
        }
    }

    private SdpOffer parse0(byte[] body) {
        if (body == null || body.length == 0) {
            return bad("empty SDP");
        }
        if (body.length > MAX_BODY_BYTES) {
            return bad("SDP larger than " + MAX_BODY_BYTES + " bytes");
        }
        // ISO-8859-1 maps every byte to one char and never fails; SDP structure is ASCII.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int pos = 0;
        int lines = 0;
        boolean first = true;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int next = nl < 0 ? text.length() : nl + 1;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            if (end - pos > MAX_LINE_CHARS) {
                return bad("SDP line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (++lines > MAX_LINES) {
                return bad("more than " + MAX_LINES + " SDP lines");
            }
            String line = text.substring(pos, end);
            pos = next;
            if (line.isEmpty()) {
                continue;
            }
            String problem = line(line, first);
            if (problem != null) {
                return bad(problem);
            }
            first = false;
        }
        if (first) {
            return bad("empty SDP");
        }
        return new OfferNegotiator(sections, sessionConnection, sessionDirection, sessionPtime, sessionMaxptime, srtp)
                .negotiate();
    }

    private String line(String line, boolean first) {
        if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
            return "malformed SDP line";
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "control character in SDP";
            }
        }
        char type = line.charAt(0);
        String value = line.substring(2);
        if (first) {
            return type == 'v' && value.equals("0") ? null : "SDP does not start with v=0";
        }
        return switch (type) {
            case 'v' -> "repeated v= line";
            case 'm' -> media(value);
            case 'c' -> connection(value);
            case 'a' -> attribute(value);
            default -> null;
        };
    }

    private String media(String value) {
        if (sections.size() >= MAX_MEDIA_LINES) {
            return "more than " + MAX_MEDIA_LINES + " m= lines";
        }
        List<String> t = SdpTokens.split(value, MAX_FORMATS + 3);
        if (t == null) {
            return "more than " + MAX_FORMATS + " formats on an m= line";
        }
        if (t.size() < 4 || !SdpTokens.printableAscii(t)) {
            // The tokens of every m= line go back into the answer, so they must be plain tokens.
            return "malformed m= line";
        }
        String portText = t.get(1);
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            if (SdpTokens.parseUnsigned(portText.substring(slash + 1), 5) < 0) {
                return "malformed m= port";
            }
            portText = portText.substring(0, slash);
        }
        int port = SdpTokens.parseUnsigned(portText, 5);
        if (port < 0 || port > 65535) {
            return "malformed m= port";
        }
        current = new MediaSection(t.get(0), port, t.get(2), List.copyOf(t.subList(3, t.size())));
        sections.add(current);
        return null;
    }

    private String connection(String value) {
        List<String> t = SdpTokens.split(value, 3);
        if (t == null || t.size() != 3 || !t.get(0).equals("IN")) {
            return "malformed c= line";
        }
        MediaSection.Connection c = connectionOf(t.get(1), t.get(2));
        if (c == null) {
            return "unknown c= address type";
        }
        if (current == null) {
            sessionConnection = c;
        } else {
            current.connection = c;
        }
        return null;
    }

    private static MediaSection.Connection connectionOf(String addressType, String addressText) {
        int slash = addressText.indexOf('/');
        String literal = slash >= 0 ? addressText.substring(0, slash) : addressText;
        InetAddress address;
        if (addressType.equals("IP4")) {
            address = IpLiteral.parseV4(literal);
        } else if (addressType.equals("IP6")) {
            address = IpLiteral.parseV6(literal);
        } else {
            return null;
        }
        return address != null
                ? new MediaSection.Connection(address, null)
                : new MediaSection.Connection(null, "c= address is not an " + addressType + " literal");
    }

    private String attribute(String value) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
        switch (name) {
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                MediaDirection d = MediaDirection.valueOf(name.toUpperCase(Locale.ROOT));
                if (current == null) {
                    sessionDirection = d;
                } else {
                    current.direction = d;
                }
            }
            case "ptime" -> {
                int ptime = ptime(arg);
                if (current == null) {
                    sessionPtime = ptime;
                } else {
                    current.ptimeMillis = ptime;
                }
            }
            case "maxptime" -> {
                int maxptime = ptime(arg);
                if (current == null) {
                    sessionMaxptime = maxptime;
                } else {
                    current.maxptimeMillis = maxptime;
                }
            }
            case "rtpmap" -> rtpmap(arg);
            case "rtcp" -> rtcp(arg);
            case "crypto" -> {
                // Media level only (RFC 4568 section 9.1); read when the stream is chosen.
                if (current != null && current.crypto.size() < SdesNegotiation.MAX_CRYPTO_LINES) {
                    current.crypto.add(arg);
                }
            }
            default -> {
                // other attributes do not change what we answer
            }
        }
        return null;
    }

    /** The ptime (or maxptime) in milliseconds, or 0 when absent, unreadable or absurd. */
    private static int ptime(String arg) {
        int dot = arg.indexOf('.');
        int ms = SdpTokens.parseUnsigned(dot >= 0 ? arg.substring(0, dot) : arg, 4);
        return ms >= MIN_PTIME && ms <= MAX_PTIME ? ms : 0;
    }

    private void rtpmap(String arg) {
        int sp = arg.indexOf(' ');
        if (current == null || sp <= 0 || current.rtpmaps.size() >= MAX_FORMATS) {
            return;
        }
        int pt = SdpTokens.parseUnsigned(arg.substring(0, sp), 3);
        String[] parts = arg.substring(sp + 1).trim().split("/", 4);
        if (pt < 0 || pt > 127 || parts.length < 2 || parts[0].isEmpty()) {
            return;
        }
        int clock = SdpTokens.parseUnsigned(parts[1], 6);
        int channels = parts.length > 2 ? SdpTokens.parseUnsigned(parts[2], 2) : 1;
        if (clock > 0 && channels > 0) {
            current.rtpmaps.putIfAbsent(pt,
                    new MediaSection.Rtpmap(parts[0].toUpperCase(Locale.ROOT), clock, channels));
        }
    }

    private void rtcp(String arg) {
        List<String> t = SdpTokens.split(arg, 4);
        if (current == null || t == null || t.isEmpty()) {
            return;
        }
        int port = SdpTokens.parseUnsigned(t.get(0), 5);
        if (port < 1 || port > 65535) {
            return;
        }
        InetAddress address = null;
        if (t.size() == 4 && t.get(1).equals("IN")) {
            MediaSection.Connection c = connectionOf(t.get(2), t.get(3));
            if (c == null || c.address() == null) {
                return;
            }
            address = c.address();
        }
        current.rtcpPort = port;
        current.rtcpAddress = address;
    }

    private static SdpOffer bad(String problem) {
        return SdpOffer.rejected(EndReason.REJECTED_BAD_REQUEST, problem);
    }
}
