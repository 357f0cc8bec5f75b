package io.trunkline.ws.vapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured DTMF message, split once around its {@value VapiSettings#DIGIT_PLACEHOLDER} placeholders so that
 * each key press only copies bytes. The digit is JSON-escaped, as the placeholder usually sits inside a string.
 */
final class DtmfTemplate {

    private final byte[][] parts;

    DtmfTemplate(String template) {
        List<byte[]> split = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = template.indexOf(VapiSettings.DIGIT_PLACEHOLDER, from)) >= 0) {
            split.add(template.substring(from, at).getBytes(StandardCharsets.UTF_8));
            from = at + VapiSettings.DIGIT_PLACEHOLDER.length();
        }
        split.add(template.substring(from).getBytes(StandardCharsets.UTF_8));
        this.parts = split.toArray(new byte[0][]);
    }

    /** The message for {@code digit}; the caller owns the buffer. */
    ByteBuf render(ByteBufAllocator alloc, char digit) {
        String escaped = escape(digit);
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuf buf = alloc.buffer(length + (parts.length - 1) * escaped.length());
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                buf.writeCharSequence(escaped, StandardCharsets.US_ASCII);
            }
            buf.writeBytes(parts[i]);
        }
        return buf;
    }

    /** The digit as it may appear inside a JSON string. DTMF digits never need escaping; this keeps it so. */
    static String escape(char c) {
        if (c == '"' || c == '\\') {
            return "\\" + c;
        }
        if (c < 0x20 || c > 0x7e) {
            return String.format("\\u%04x", (int) c);
        }
        return String.valueOf(c);
    }
}
