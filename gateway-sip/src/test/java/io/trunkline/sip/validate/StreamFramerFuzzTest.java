package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trunkline.sip.validate.StreamFramer.FramingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the stream framer: whatever a connection sends, it hands on messages whose one
 * Content-Length (written {@code Content-Length: N}) counts exactly the octets after their head, or fails with a
 * {@link FramingException} whose refusal, if any, is a 400 of fixed words; and the octets cut in two places give the
 * same messages as in one piece. Seeds (resources next to this class): the RFC 4475 and RFC 5118 messages.
 */
class StreamFramerFuzzTest {
    private static final int MAX = 4096;

    @FuzzTest(maxDuration = "25s")
    void framerKeepsItsContract(byte[] stream) throws Exception {
        Result whole = frame(stream, stream.length);
        for (String message : whole.messages) {
            checkFraming(message);
        }
        if (whole.refusal != null) {
            String response = new String(whole.refusal, StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("SIP/2.0 400 Bad Request ("), response);
            assertTrue(response.endsWith("Content-Length: 0\r\n\r\n"), response);
        }
        if (stream.length > 1) {
            Result cut = frame(stream, stream.length / 2);
            assertEquals(whole.messages, cut.messages);
            assertEquals(whole.failed, cut.failed);
        }
    }

    private record Result(List<String> messages, boolean failed, byte[] refusal) {
    }

    private static Result frame(byte[] stream, int cut) throws Exception {
        StreamFramer framer = new StreamFramer(MAX);
        List<String> messages = new ArrayList<>();
        StreamFramer.Sink sink = m -> {
            String text = new String(m, StandardCharsets.ISO_8859_1);
            if (!text.chars().allMatch(c -> c == '\r' || c == '\n')) {
                messages.add(text);
            }
        };
        try {
            framer.feed(Arrays.copyOfRange(stream, 0, cut), sink);
            framer.feed(Arrays.copyOfRange(stream, cut, stream.length), sink);
            return new Result(messages, false, null);
        } catch (FramingException e) {
            return new Result(messages, true, e.refusal());
        }
    }

    private static void checkFraming(String message) {
        int headEnd = message.indexOf("\r\n\r\n");
        assertTrue(headEnd >= 0, "a head ending in an empty line");
        String head = message.substring(0, headEnd + 2);
        int at = head.indexOf("\r\nContent-Length: ");
        assertTrue(at >= 0, "a Content-Length the stack's framer reads");
        int valueEnd = head.indexOf("\r\n", at + 2);
        int length = Integer.parseInt(head.substring(at + 18, valueEnd));
        assertEquals(message.length() - headEnd - 4, length, "the body is as long as the Content-Length says");
        assertTrue(message.length() <= MAX, "no message over the limit");
    }
}
