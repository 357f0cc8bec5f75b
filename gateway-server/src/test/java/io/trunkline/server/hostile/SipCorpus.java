package io.trunkline.server.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile SIP messages, raw: broken start lines, missing and duplicated mandatory headers, huge headers, lying
 * Content-Length, messages over {@code sip.max-message-bytes} and binary garbage. Every INVITE here carries a G.729
 * only offer, so one that the gateway does take for a well-formed request still gets 488 and never becomes a call.
 */
final class SipCorpus {
    /** One hostile message, built for the transport and the sender's local port. */
    record Input(String category, String name, Builder builder) {
    }

    /** Makes the bytes of one message. */
    interface Builder {
        byte[] build(String transport, int sipPort, int localPort);
    }

    static final String G729_SDP = "v=0\r\n"
            + "o=hostile 1 1 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 18\r\n"
            + "a=rtpmap:18 G729/8000\r\n";

    private SipCorpus() {
    }

    /** The whole corpus; {@code maxMessageBytes} is the gateway's limit, {@code seed} fixes the garbage. */
    static List<Input> all(int maxMessageBytes, long seed) {
        List<Input> in = new ArrayList<>();
        startLines(in);
        missingHeaders(in);
        duplicateAndHugeHeaders(in);
        contentLengthLies(in);
        oversized(in, maxMessageBytes);
        garbage(in, seed);
        return in;
    }

    private static void startLines(List<Input> in) {
        String[] lines = {
            "INVITE sip:+15083728299@127.0.0.1 SIP/3.0",
            "INVITE sip:+15083728299@127.0.0.1 SIP/2",
            "INVITE sip:+15083728299@127.0.0.1",
            "INVITE  SIP/2.0",
            "INVITE sip:+15083728299@127.0.0.1 SIP/2.0 trailing",
            " sip:+15083728299@127.0.0.1 SIP/2.0",
            "INV\u0000ITE sip:+15083728299@127.0.0.1 SIP/2.0",
            "INVITE <sip:+15083728299@127.0.0.1> SIP/2.0",
            "INVITE sip:@@@:99999999 SIP/2.0",
            "INVITE http://127.0.0.1/ SIP/2.0",
            "SIP/2.0 200 OK",
            "SIP/2.0 999999 Whatever",
            "HELLO",
        };
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            in.add(new Input("start-line", "start line #" + i, (t, sip, local) ->
                    message(line, headers(t, local, "INVITE"), G729_SDP)));
        }
        in.add(new Input("start-line", "request-URI of 8 KiB", (t, sip, local) -> message(
                "INVITE sip:" + "9".repeat(8192) + "@127.0.0.1 SIP/2.0", headers(t, local, "INVITE"), G729_SDP)));
    }

    private static void missingHeaders(List<Input> in) {
        for (String name : new String[] {"Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards"}) {
            in.add(new Input("missing-header", "INVITE without " + name, (t, sip, local) -> {
                List<String> h = headers(t, local, "INVITE");
                h.removeIf(line -> line.startsWith(name + ":"));
                return message(invite(sip), h, G729_SDP);
            }));
        }
        in.add(new Input("missing-header", "INVITE with no headers at all", (t, sip, local) ->
                (invite(sip) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        in.add(new Input("missing-header", "Via without branch or port", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.set(0, "Via: SIP/2.0/" + t);
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("missing-header", "CSeq method does not match", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.replaceAll(line -> line.startsWith("CSeq:") ? "CSeq: 1 BYE" : line);
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("missing-header", "CSeq not a number", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.replaceAll(line -> line.startsWith("CSeq:") ? "CSeq: 99999999999999999999 INVITE" : line);
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("missing-header", "Max-Forwards 0", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.replaceAll(line -> line.startsWith("Max-Forwards:") ? "Max-Forwards: 0" : line);
            return message(invite(sip), h, G729_SDP);
        }));
    }

    private static void duplicateAndHugeHeaders(List<Input> in) {
        for (String name : new String[] {"From", "To", "Call-ID", "CSeq", "Max-Forwards", "Content-Type"}) {
            in.add(new Input("duplicate-header", "two different " + name + " headers", (t, sip, local) -> {
                List<String> h = headers(t, local, "INVITE");
                for (int i = 0; i < h.size(); i++) {
                    if (h.get(i).startsWith(name + ":")) {
                        h.add(i + 1, name + ": " + duplicateValue(name));
                        break;
                    }
                }
                return message(invite(sip), h, G729_SDP);
            }));
        }
        in.add(new Input("duplicate-header", "two Content-Length headers", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("Content-Length: 3");
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "Subject of 12 KiB", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("Subject: " + "x".repeat(12 * 1024));
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "200 Via headers", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            for (int i = 0; i < 200; i++) {
                h.add(1, "Via: SIP/2.0/UDP 10.0.0." + (i % 250 + 1) + ":5060;branch=z9hG4bKv" + i);
            }
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "a header name of 4 KiB", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("X-" + "n".repeat(4096) + ": v");
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "2000 commas in Supported", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("Supported: " + ",".repeat(2000));
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "From display name of 8 KiB with quotes", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.replaceAll(line -> line.startsWith("From:")
                    ? "From: \"" + "\\\"".repeat(4096) + "\" <sip:a@127.0.0.1>;tag=x" : line);
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("huge-header", "1000 header lines", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            for (int i = 0; i < 1000; i++) {
                h.add("X-H" + i + ": 1");
            }
            return message(invite(sip), h, G729_SDP);
        }));
    }

    private static void contentLengthLies(List<Input> in) {
        String[][] lies = {{"shorter", "10"}, {"longer", "5000"}, {"negative", "-5"}, {"non-numeric", "abc"},
            {"overflowing", "99999999999999999999"}, {"empty", ""}};
        for (String[] lie : lies) {
            in.add(new Input("content-length", "Content-Length " + lie[0], (t, sip, local) -> {
                List<String> h = headers(t, local, "INVITE");
                h.add("Content-Length: " + lie[1]);
                return raw(invite(sip), h, G729_SDP);
            }));
        }
        in.add(new Input("content-length", "no Content-Length", (t, sip, local) ->
                raw(invite(sip), headers(t, local, "INVITE"), G729_SDP)));
        in.add(new Input("content-length", "shorter, with a second request in the rest", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("Content-Length: 0");
            String smuggled = new String(message(invite(sip), headers(t, local, "INVITE"), G729_SDP),
                    StandardCharsets.ISO_8859_1);
            return raw(invite(sip), h, smuggled.replace("\r\n", "\n"));
        }));
    }

    private static void oversized(List<Input> in, int maxMessageBytes) {
        in.add(new Input("oversized", "body above the message limit", (t, sip, local) -> {
            StringBuilder sdp = new StringBuilder(G729_SDP);
            while (sdp.length() <= maxMessageBytes) {
                sdp.append("a=x-padding:").append("p".repeat(60)).append("\r\n");
            }
            return message(invite(sip), headers(t, local, "INVITE"), sdp.toString());
        }));
        in.add(new Input("oversized", "header above the message limit", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.add("X-Big: " + "b".repeat(maxMessageBytes + 1));
            return message(invite(sip), h, G729_SDP);
        }));
        in.add(new Input("oversized", "60 KB of header lines", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            for (int i = 0; i < 60; i++) {
                h.add("X-Line" + i + ": " + "l".repeat(1000));
            }
            return message(invite(sip), h, G729_SDP);
        }));
    }

    private static void garbage(List<Input> in, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 10; i++) {
            byte[] bytes = new byte[1 + random.nextInt(1400)];
            random.nextBytes(bytes);
            in.add(new Input("garbage", "random bytes #" + i + " (" + bytes.length + " B)", (t, sip, local) -> bytes));
        }
        in.add(new Input("garbage", "NUL bytes", (t, sip, local) -> new byte[512]));
        in.add(new Input("garbage", "0xFF bytes", (t, sip, local) -> filled(512, (byte) 0xff)));
        in.add(new Input("garbage", "a lone CRLF pair", (t, sip, local) -> "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        in.add(new Input("garbage", "a TLS ClientHello", (t, sip, local) -> new byte[] {0x16, 0x03, 0x01, 0x00, 0x05,
            0x01, 0x00, 0x00, 0x01, 0x00}));
        in.add(new Input("garbage", "an HTTP request", (t, sip, local) ->
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        in.add(new Input("garbage", "a valid start line then random bytes", (t, sip, local) -> {
            byte[] tail = new byte[600];
            new Random(seed + 1).nextBytes(tail);
            byte[] head = (invite(sip) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[head.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(tail, 0, all, head.length, tail.length);
            return all;
        }));
        in.add(new Input("garbage", "UTF-8 and escapes in every header", (t, sip, local) -> {
            List<String> h = headers(t, local, "INVITE");
            h.replaceAll(line -> line + ";x=%00%0d%0a\u00e9\u00ff");
            return message(invite(sip), h, G729_SDP);
        }));
    }

    private static String duplicateValue(String name) {
        return switch (name) {
            case "From" -> "<sip:other@127.0.0.1>;tag=other";
            case "To" -> "<sip:other@127.0.0.1>";
            case "Call-ID" -> "other-" + UUID.randomUUID();
            case "CSeq" -> "2 INVITE";
            case "Max-Forwards" -> "1";
            default -> "text/plain";
        };
    }

    private static byte[] filled(int n, byte b) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }

    private static String invite(int sipPort) {
        return "INVITE sip:+15083728299@127.0.0.1:" + sipPort + " SIP/2.0";
    }

    /** The headers of a well-formed request from 127.0.0.1:{@code localPort}, without Content-Length. */
    static List<String> headers(String transport, int localPort, String method) {
        List<String> h = new ArrayList<>();
        h.add("Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK"
                + UUID.randomUUID().toString().replace("-", "") + ";rport");
        h.add("Max-Forwards: 70");
        h.add("From: <sip:+15083084809@127.0.0.1>;tag=" + Long.toHexString(System.nanoTime()));
        h.add("To: <sip:+15083728299@127.0.0.1>");
        h.add("Call-ID: hostile-" + UUID.randomUUID() + "@127.0.0.1");
        h.add("CSeq: 1 " + method);
        h.add("Contact: <sip:caller@127.0.0.1:" + localPort + ";transport="
                + transport.toLowerCase(java.util.Locale.ROOT) + ">");
        h.add("Content-Type: application/sdp");
        return h;
    }

    /** A message with a correct Content-Length added. */
    static byte[] message(String startLine, List<String> headers, String body) {
        List<String> h = new ArrayList<>(headers);
        h.add("Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length);
        return raw(startLine, h, body);
    }

    /** A message exactly as given. */
    static byte[] raw(String startLine, List<String> headers, String body) {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n").append(body);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
