package io.trunkline.sip.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One torture message as the RFC gives it (bytes untouched), with just enough reading of its headers, done here and
 * not by the gateway's stack, to address it and to tear down a call it starts: the top Via's port, and the fields a
 * CANCEL and an ACK for it must repeat (RFC 3261 9.1 and 17.1.1.3).
 */
public record TortureMessage(String name, byte[] bytes) {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "i", "call-id", "f", "from", "t", "to",
            "l", "content-length", "m", "contact", "c", "content-type");

    public static TortureMessage load(String resource) {
        try (InputStream in = TortureMessage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            return new TortureMessage(file.substring(0, file.length() - ".dat".length()), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head (start line and headers) as text, folded lines unfolded. */
    private List<String> lines() {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = (end < 0 ? text : text.substring(0, end)).replaceAll("\r\n[ \t]+", " ");
        return List.of(head.split("\r\n"));
    }

    String startLine() {
        return lines().get(0);
    }

    public boolean isRequest() {
        return !startLine().startsWith("SIP/");
    }

    public String method() {
        return startLine().split(" ", 2)[0];
    }

    /** Every value of header {@code name} (long form, any case; compact forms count), in order. */
    List<String> header(String name) {
        List<String> values = new ArrayList<>();
        List<String> lines = lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (COMPACT.getOrDefault(n, n).equals(name.toLowerCase(Locale.ROOT))) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    /** The top Via value, whitespace squeezed out of its protocol and around separators. */
    String topVia() {
        List<String> vias = header("via");
        if (vias.isEmpty()) {
            return null;
        }
        String via = vias.get(0);
        int comma = via.indexOf(',');
        via = comma >= 0 ? via.substring(0, comma) : via;
        return via.replaceAll("\\s*/\\s*", "/").replaceAll("\\s*;\\s*", ";").replaceAll("\\s*=\\s*", "=")
                .replaceAll("\\s+", " ").trim();
    }

    /** The top branch and the Call-ID, lower case: what a stack may take for a retransmission of another message. */
    public Set<String> transactionKeys() {
        Set<String> keys = new HashSet<>();
        String via = topVia();
        if (via != null) {
            Matcher b = Pattern.compile("(?i)branch=([^;,]*)").matcher(via);
            if (b.find()) {
                keys.add("branch " + b.group(1).toLowerCase(Locale.ROOT));
            }
        }
        for (String callId : header("call-id")) {
            keys.add("call-id " + callId.toLowerCase(Locale.ROOT));
        }
        return keys;
    }

    /** The port responses to this message go to over UDP: the top Via's port, or 5060 (RFC 3261 18.2.2). */
    int responsePort() {
        String via = topVia();
        if (via == null) {
            return 5060;
        }
        String sentBy = via.split(" ", 2).length < 2 ? "" : via.split(" ", 2)[1];
        int semi = sentBy.indexOf(';');
        sentBy = semi >= 0 ? sentBy.substring(0, semi) : sentBy;
        int bracket = sentBy.lastIndexOf(']');
        int colon = sentBy.lastIndexOf(':');
        if (colon > bracket && (bracket >= 0 || sentBy.indexOf(':') == colon)) {
            try {
                return Integer.parseInt(sentBy.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                return 5060;
            }
        }
        return 5060;
    }

    /** A CANCEL for this INVITE (RFC 3261 9.1): same Request-URI, top Via, Call-ID, From, To and CSeq number. */
    byte[] cancel() {
        return sameTransaction("CANCEL", null);
    }

    /** The ACK of a non-2xx final answer (RFC 3261 17.1.1.3), with the answer's To (and its tag). */
    byte[] ack(String answerTo) {
        return sameTransaction("ACK", answerTo);
    }

    private byte[] sameTransaction(String method, String to) {
        String uri = startLine().substring(method().length()).trim();
        uri = uri.substring(0, uri.lastIndexOf(' ')).trim();
        String cseq = header("cseq").get(0).trim().split("\\s+")[0];
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        sb.append("Via: ").append(topVia()).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: ").append(header("from").get(0)).append("\r\n");
        sb.append("To: ").append(to != null ? to : header("to").get(0)).append("\r\n");
        sb.append("Call-ID: ").append(header("call-id").get(0)).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
