package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the server frames a TCP stream: several requests in one write, compact Content-Length and Call-ID, keep-alives,
 * a Via naming UDP on a TCP connection, and a Content-Length that ends the stream.
 */
class StreamFramingIT {
    static final int READ_MILLIS = 5000;
    static FakeBridge bridge;
    static SipServer server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        bridge = new FakeBridge();
        port = TestPorts.freePort();
        server = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), SipServerIT.MEDIA_ADDRESS, bridge);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        bridge.close();
    }

    private static String options(String callIdHeader, String lengthHeader, String via) {
        return "OPTIONS sip:gw@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + via + " 127.0.0.1:9;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=1\r\n"
                + "To: <sip:gw@127.0.0.1>\r\n"
                + callIdHeader + UUID.randomUUID() + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + lengthHeader + "\r\n\r\n";
    }

    @Test
    void requestsInOneWriteWithCompactHeadersAreEachAnswered() throws Exception {
        String stream = options("i: ", "l: 0", "TCP") + "\r\n\r\n" + options("Call-ID  : ", "Content-Length\t:\r\n 0", "TCP");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(stream.getBytes(StandardCharsets.US_ASCII));
            String answers = readUntil(socket, text -> count(text, "SIP/2.0 200 ") >= 2);
            assertEquals(2, count(answers, "SIP/2.0 200 "), answers);
        }
    }

    @Test
    void aDoubleLineEndIsAnsweredWithOne() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String pong = readUntil(socket, text -> text.contains("\r\n"));
            assertEquals("\r\n", pong);
        }
    }

    @Test
    void aRequestWhoseViaNamesUdpIsAnsweredOnItsConnection() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(options("Call-ID: ", "Content-Length: 0", "UDP")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntil(socket, text -> text.contains("\r\n\r\n"));
            assertTrue(answer.startsWith("SIP/2.0 200 "), answer);
        }
    }

    @Test
    void aContentLengthThatCountsNothingIsRefusedAndTheConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(options("Call-ID: ", "Content-Length: -1", "TCP")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntil(socket, text -> text.contains("\r\n\r\n"));
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Request (Malformed Content-Length header)\r\n"), answer);
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed");
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_MILLIS);
        socket.setSoTimeout(READ_MILLIS);
        return socket;
    }

    /** What the server sent until {@code done} holds, it closed the connection, or nothing came for a while. */
    private static String readUntil(Socket socket, Predicate<String> done) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!done.test(got.toString(StandardCharsets.ISO_8859_1))) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
