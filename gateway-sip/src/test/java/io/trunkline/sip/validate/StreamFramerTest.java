package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.sip.torture.TortureMessage;
import io.trunkline.sip.validate.StreamFramer.FramingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFramerTest {
    static final String HEAD = "OPTIONS sip:a@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:b@example.com>;tag=1\r\n"
            + "To: <sip:a@example.com>\r\n"
            + "Call-ID: c1\r\n"
            + "CSeq: 1 OPTIONS\r\n";

    private final List<String> out = new ArrayList<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void feed(StreamFramer framer, byte[] bytes) throws Exception {
        framer.feed(bytes, m -> out.add(new String(m, StandardCharsets.ISO_8859_1)));
    }

    private List<String> frame(String stream) throws Exception {
        feed(new StreamFramer(65536), bytes(stream));
        return out;
    }

    @Test
    void aMessageInTheLongFormPassesOctetForOctet() throws Exception {
        String message = HEAD + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
        assertEquals(List.of(message), frame(message));
    }

    @Test
    void compactFormsAreFramedAndWrittenInTheLongForm() throws Exception {
        String head = HEAD.replace("Call-ID: c1", "i: c1");
        List<String> messages = frame(head + "l: 5\r\n\r\nhello" + HEAD + "l:0\r\n\r\n");
        assertEquals(List.of(HEAD + "Content-Length: 5\r\n\r\nhello", HEAD + "Content-Length: 0\r\n\r\n"),
                messages);
    }

    @Test
    void whiteSpaceBeforeTheColonAndFoldedValuesAreContentLengthsToo() throws Exception {
        assertEquals(List.of(HEAD + "Content-Length: 3\r\n\r\nabc"),
                frame(HEAD + "Content-Length   : 3\r\n\r\nabc"));
        out.clear();
        assertEquals(List.of(HEAD + "Content-Length: 3\r\n\r\nabc"),
                frame(HEAD + "Content-Length:\r\n   3\r\n\r\nabc"));
        out.clear();
        assertEquals(List.of(HEAD + "Content-Length: 3\r\n\r\nabc"),
                frame(HEAD + "CONTENT-LENGTH\t:\t003\r\n\r\nabc"));
    }

    @Test
    void aMessageWithoutContentLengthHasNoBody() throws Exception {
        List<String> messages = frame(HEAD + "\r\n" + HEAD.replace("c1", "c2") + "Content-Length: 0\r\n\r\n");
        assertEquals(List.of(HEAD + "Content-Length: 0\r\n\r\n", HEAD.replace("c1", "c2") + "Content-Length: 0\r\n\r\n"),
                messages);
    }

    @Test
    void octetsArrivingOneByOneAreFramedTheSame() throws Exception {
        String stream = HEAD + "l: 5\r\n\r\nhello" + HEAD + "Content-Length: 2\r\n\r\nhi";
        List<String> whole = new ArrayList<>(frame(stream));
        out.clear();
        StreamFramer framer = new StreamFramer(65536);
        for (byte b : bytes(stream)) {
            feed(framer, new byte[] {b});
        }
        assertEquals(whole, out);
        assertEquals(0, framer.pending());
    }

    @Test
    void lineEndsBetweenMessagesPassAsKeepAlives() throws Exception {
        List<String> messages = frame("\r\n\r\n\n" + HEAD + "Content-Length: 0\r\n\r\n");
        assertEquals(List.of("\r\n\r\n", HEAD + "Content-Length: 0\r\n\r\n"), messages);
    }

    @Test
    void bareLineFeedsEndLinesToo() throws Exception {
        String lf = HEAD.replace("\r\n", "\n");
        assertEquals(List.of(HEAD + "Content-Length: 2\r\n\r\nhi"), frame(lf + "Content-Length: 2\n\nhi"));
    }

    @Test
    void aBodyStillArrivingIsWaitedFor() throws Exception {
        StreamFramer framer = new StreamFramer(65536);
        feed(framer, bytes(HEAD + "Content-Length: 10\r\n\r\nabc"));
        assertEquals(List.of(), out);
        feed(framer, bytes("defghij"));
        assertEquals(List.of(HEAD + "Content-Length: 10\r\n\r\nabcdefghij"), out);
    }

    @Test
    void aContentLengthThatIsNoNumberEndsTheStreamWithA400() {
        for (String value : List.of("-999", "abc", "", "12 34", "1234567890")) {
            FramingException e = assertThrows(FramingException.class,
                    () -> frame(HEAD + "Content-Length: " + value + "\r\n\r\n"), value);
            assertEquals("Malformed Content-Length header", e.getMessage());
            String refusal = new String(e.refusal(), StandardCharsets.ISO_8859_1);
            assertTrue(refusal.startsWith("SIP/2.0 400 Bad Request (Malformed Content-Length header)\r\n"), refusal);
        }
    }

    @Test
    void twoDifferentContentLengthsEndTheStreamAndTwoEqualOnesAreLeftToTheParser() throws Exception {
        FramingException e = assertThrows(FramingException.class,
                () -> frame(HEAD + "Content-Length: 13\r\nl: 5\r\n\r\nhello"));
        assertEquals("Duplicate Content-Length header", e.getMessage());
        out.clear();
        assertEquals(List.of(HEAD + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                frame(HEAD + "Content-Length: 5\r\nl: 5\r\n\r\nhello"));
    }

    @Test
    void messagesLargerThanTheStackTakesEndTheStream() throws Exception {
        StreamFramer framer = new StreamFramer(400);
        FramingException body = assertThrows(FramingException.class,
                () -> feed(framer, bytes(HEAD + "Content-Length: 300\r\n\r\n")));
        assertTrue(new String(body.refusal(), StandardCharsets.ISO_8859_1).contains("(Message too large)"));
        char[] endless = new char[500];
        Arrays.fill(endless, 'a');
        FramingException head = assertThrows(FramingException.class,
                () -> feed(new StreamFramer(400), bytes(HEAD + "X-Long: " + new String(endless))));
        assertNull(head.refusal(), "no head, nothing to answer");
    }

    @Test
    void theTortureMessagesAreFramedAsTheirTextSays() throws Exception {
        // wsinv: LWS before the colon; esc01: compact Call-ID; longreq: compact Content-Length.
        for (String name : List.of("wsinv", "esc01", "longreq")) {
            out.clear();
            byte[] message = torture(name);
            feed(new StreamFramer(65536), message);
            assertEquals(1, out.size(), name);
            String framed = out.get(0);
            int headEnd = framed.indexOf("\r\n\r\n") + 4;
            int length = Integer.parseInt(framed.substring(framed.indexOf("\r\nContent-Length: ") + 18,
                    framed.indexOf("\r\n", framed.indexOf("\r\nContent-Length: ") + 2)));
            assertEquals(framed.length() - headEnd, length, name);
            assertTrue(framed.contains("\r\nCall-ID: "), name);
            String original = new String(message, StandardCharsets.ISO_8859_1);
            assertTrue(original.endsWith(framed.substring(headEnd)), name + ": the body is the message's own");
        }
        // dblreq: a REGISTER and, on a stream, an INVITE after it, whose printed body is 5 octets longer than its
        // Content-Length: they become a message of their own, which the stack cannot parse.
        out.clear();
        feed(new StreamFramer(65536), torture("dblreq"));
        out.removeIf(StreamFramerTest::keepAlive);
        assertEquals(3, out.size());
        assertTrue(out.get(0).startsWith("REGISTER ") && out.get(1).startsWith("INVITE "), out.toString());
        assertEquals("C\r\nContent-Length: 0\r\n\r\n", out.get(2));
        // clerr announces more than it sends: waited for.
        out.clear();
        StreamFramer framer = new StreamFramer(65536);
        feed(framer, torture("clerr"));
        assertEquals(List.of(), out);
        // ncl and mcl01 cannot be framed.
        assertThrows(FramingException.class, () -> feed(new StreamFramer(65536), torture("ncl")));
        assertThrows(FramingException.class, () -> feed(new StreamFramer(65536), torture("mcl01")));
    }

    @Test
    void everyTortureMessageSplitAnywhereIsFramedAsWhole() throws Exception {
        for (String name : List.of("wsinv", "esc01", "longreq", "dblreq", "lwsdisp", "mpart01", "inv2543")) {
            byte[] message = torture(name);
            out.clear();
            feed(new StreamFramer(65536), message);
            out.removeIf(StreamFramerTest::keepAlive);
            List<String> whole = new ArrayList<>(out);
            for (int cut = 1; cut < message.length; cut += 7) {
                out.clear();
                StreamFramer framer = new StreamFramer(65536);
                feed(framer, Arrays.copyOfRange(message, 0, cut));
                feed(framer, Arrays.copyOfRange(message, cut, message.length));
                out.removeIf(StreamFramerTest::keepAlive);
                assertEquals(whole, out, name + " cut at " + cut);
            }
        }
    }

    @Test
    void aLoneCarriageReturnWaitsForItsLineFeed() throws Exception {
        StreamFramer framer = new StreamFramer(65536);
        feed(framer, bytes("\r\n\r"));
        feed(framer, bytes("\n" + HEAD + "Content-Length: 0\r\n\r\n"));
        assertEquals(List.of("\r\n", "\r\n", HEAD + "Content-Length: 0\r\n\r\n"), out);
        assertEquals(0, framer.pending());
    }

    private static boolean keepAlive(String bytes) {
        return bytes.chars().allMatch(c -> c == '\r' || c == '\n');
    }

    private static byte[] torture(String name) {
        return TortureMessage.load("/sip/rfc4475/" + name + ".dat").bytes();
    }
}
