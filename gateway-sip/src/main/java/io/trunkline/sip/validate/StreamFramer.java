package io.trunkline.sip.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the byte stream of one SIP connection (TCP, TLS) into messages as RFC 3261 section 18.3 says: a head that
 * ends with an empty line, then exactly as many octets of body as its {@code Content-Length} names, in any of the
 * forms a header may take ({@code l: 150}, {@code Content-Length   : 150}, folded onto the next line).
 *
 * <p>The stack's own framer behind it finds Content-Length and Call-ID by their long names only, at the start of a
 * line and right before the colon; it closes the connection of a message whose Call-ID it cannot find, and reads
 * the body of a compact {@code l:} as a next message. So each message is handed on whole, one at a time, with its
 * framing headers written in the long form that framer reads ({@code Content-Length: 150}, {@code Call-ID: x},
 * which mean what the compact forms mean, RFC 3261 7.3.3); every other line is kept octet for octet. A message
 * without Content-Length has no body (one is added, saying 0). Line ends between messages (RFC 5626 keep-alives)
 * pass through as pairs of CRLF, so that the stack still answers a double CRLF.
 *
 * <p>A stream whose framing cannot be known any more fails with a {@link FramingException}: a Content-Length that
 * is not a number of octets, two that differ, or a message larger than the stack takes. The connection must then
 * be closed (RFC 4475 3.1.2.3); the exception carries the 400 to send first when the head allows one. One framer
 * per connection, used by one thread at a time.
 */
final class StreamFramer {
    /** Where whole messages (and keep-alive line ends) go. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] bytes) throws Exception;
    }

    /** The stream can no longer be framed: answer {@link #refusal()} if there is one, then close the connection. */
    static final class FramingException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient byte[] head;

        FramingException(String reason, byte[] head) {
            super(reason);
            this.head = head;
        }

        /** The {@code 400 Bad Request (<reason>)} to send before closing, or null when none can be built. */
        byte[] refusal() {
            return head == null ? null : StatelessBadRequest.build(head, getMessage());
        }
    }

    static final int MAX_LENGTH_DIGITS = 9;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxMessageBytes;
    private byte[] buffer = new byte[2048];
    private int size;
    /** Where the search for the head's empty line goes on (the start of a line not yet looked at). */
    private int scanFrom;
    /** The end of the pending message's head (after its empty line), or -1 while the head is incomplete. */
    private int headEnd = -1;
    private int bodyLength;
    private byte[] canonicalHead;

    /** @param maxMessageBytes the largest message (head and body) taken; 0 or less: no limit */
    StreamFramer(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes > 0 ? maxMessageBytes : Integer.MAX_VALUE;
    }

    /** Takes the next octets of the stream; hands every message they complete to {@code sink}, in order. */
    void feed(byte[] bytes, Sink sink) throws Exception {
        append(bytes);
        while (true) {
            if (headEnd < 0) {
                skipLineEnds(sink);
                int end = findHeadEnd();
                if (end < 0) {
                    if (size > maxMessageBytes) {
                        throw new FramingException("Message too large", null);
                    }
                    return;
                }
                readHead(end);
            }
            if (size - headEnd < bodyLength) {
                return;
            }
            byte[] message = Arrays.copyOf(canonicalHead, canonicalHead.length + bodyLength);
            System.arraycopy(buffer, headEnd, message, canonicalHead.length, bodyLength);
            consume(headEnd + bodyLength);
            headEnd = -1;
            canonicalHead = null;
            sink.accept(message);
        }
    }

    /** Octets received and not yet handed on. */
    int pending() {
        return size;
    }

    /** Passes line ends before a message on as CRLF pairs; a lone CR at the end waits for its LF. */
    private void skipLineEnds(Sink sink) throws Exception {
        int i = 0;
        int pairs = 0;
        while (i < size && (buffer[i] == CR || buffer[i] == LF)) {
            if (buffer[i] == CR && i + 1 == size) {
                break;
            }
            if (buffer[i] == CR && buffer[i + 1] == LF) {
                pairs++;
                i += 2;
            } else {
                i++;
            }
        }
        if (i == 0) {
            return;
        }
        consume(i);
        if (pairs > 0) {
            byte[] ends = new byte[2 * pairs];
            for (int k = 0; k < pairs; k++) {
                ends[2 * k] = CR;
                ends[2 * k + 1] = LF;
            }
            sink.accept(ends);
        }
    }

    /** The index just after the head's empty line (CRLF or a bare LF), or -1 when it has not arrived yet. */
    private int findHeadEnd() {
        int pos = scanFrom;
        while (pos < size) {
            int lf = indexOf(LF, pos);
            if (lf < 0) {
                break;
            }
            int contentEnd = lf > pos && buffer[lf - 1] == CR ? lf - 1 : lf;
            if (contentEnd == pos) {
                scanFrom = 0;
                return lf + 1;
            }
            pos = lf + 1;
        }
        scanFrom = pos;
        return -1;
    }

    /**
     * Reads the framing headers of the head ending at {@code end} and writes its canonical form. Lines end at LF, a
     * CR before it dropped, as {@link #findHeadEnd()} reads them.
     */
    private void readHead(int end) throws FramingException {
        byte[] raw = Arrays.copyOf(buffer, end);
        if (end > maxMessageBytes) {
            throw new FramingException("Message too large", raw);
        }
        String head = new String(raw, StandardCharsets.ISO_8859_1);
        List<String> lines = lines(head);
        StringBuilder out = new StringBuilder(end + 24);
        int length = -1;
        int i = 0;
        while (i < lines.size()) {
            // A header goes on over the lines that start with white space (RFC 3261 7.3.1).
            int last = i;
            while (last + 1 < lines.size() && startsWithSpace(lines.get(last + 1))) {
                last++;
            }
            String first = lines.get(i);
            CoreHeader h = i == 0 ? null : CoreHeader.of(first);
            String header = String.join("\r\n", lines.subList(i, last + 1));
            int colon = header.indexOf(':');
            if (h == CoreHeader.CONTENT_LENGTH && colon >= 0) {
                int value = contentLength(header.substring(colon + 1), raw);
                if (length >= 0 && value != length) {
                    throw new FramingException("Duplicate Content-Length header", raw);
                }
                length = value;
                out.append("Content-Length: ").append(value).append("\r\n");
            } else if (h == CoreHeader.CALL_ID && colon >= 0 && colon < first.length()) {
                out.append("Call-ID:").append(header, colon + 1, header.length()).append("\r\n");
            } else {
                out.append(header).append("\r\n");
            }
            i = last + 1;
        }
        if (length < 0) {
            length = 0;
            out.append("Content-Length: 0\r\n");
        }
        out.append("\r\n");
        byte[] canonical = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        // The stack's framer counts the canonical form against the same limit.
        if ((long) canonical.length + length > maxMessageBytes) {
            throw new FramingException("Message too large", raw);
        }
        headEnd = end;
        bodyLength = length;
        canonicalHead = canonical;
    }

    /** The head's lines up to the empty one, without their line ends. */
    private static List<String> lines(String head) {
        List<String> lines = new ArrayList<>();
        int pos = 0;
        while (pos < head.length()) {
            int lf = head.indexOf('\n', pos);
            int stop = lf < 0 ? head.length() : lf;
            int contentEnd = stop > pos && head.charAt(stop - 1) == '\r' ? stop - 1 : stop;
            if (contentEnd == pos) {
                break;
            }
            lines.add(head.substring(pos, contentEnd));
            pos = stop + 1;
        }
        return lines;
    }

    private static boolean startsWithSpace(String line) {
        return line.charAt(0) == ' ' || line.charAt(0) == '\t';
    }

    /** A Content-Length value: LWS, 1 to 9 digits, LWS (RFC 3261 20.14); anything else ends the stream. */
    private static int contentLength(String value, byte[] raw) throws FramingException {
        String digits = value.replace("\r", "").replace("\n", "").strip();
        if (digits.isEmpty() || digits.length() > MAX_LENGTH_DIGITS) {
            throw new FramingException("Malformed Content-Length header", raw);
        }
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new FramingException("Malformed Content-Length header", raw);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < size; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] bytes) {
        if (size + bytes.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes.length));
        }
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void consume(int n) {
        System.arraycopy(buffer, n, buffer, 0, size - n);
        size -= n;
        scanFrom = Math.max(0, scanFrom - n);
        if (buffer.length > 65536 && size < buffer.length / 4) {
            buffer = Arrays.copyOf(buffer, Math.max(2048, size));
        }
    }
}
