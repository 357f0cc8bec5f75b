package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.config.SipTlsConfig;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.testing.Await;
import io.trunkline.sip.tls.TestCertificates;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.TlsTransport;
import io.trunkline.sip.uac.UdpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS to a running UAS over loopback: a JDK {@link SSLSocket} client sends OPTIONS and whole calls, the
 * gateway answers on the same connection with a TLS Contact, refuses TLS 1.1, and presents a renewed certificate
 * to new connections once the files change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipServerTlsIT {
    @TempDir
    static Path dir;
    static TestCertificates.Pem first;
    static Path certificate;
    static Path key;
    static FakeBridge bridge;
    static SipServer server;
    static int port;
    static int tlsPort;

    @BeforeAll
    static void startServer() throws Exception {
        first = TestCertificates.signedByCa(dir.resolve("first"), "gateway-first", "RSA");
        certificate = Files.copy(first.certificate(), dir.resolve("fullchain.pem"));
        key = Files.copy(first.privateKey(), dir.resolve("privkey.pem"));
        bridge = new FakeBridge();
        port = TestPorts.freePort();
        tlsPort = TestPorts.freePort();
        server = new SipServer(config(), SipServerIT.MEDIA_ADDRESS, bridge);
        server.start();
    }

    static SipConfig config() {
        return SipServerIT.config(port, Set.of("udp")).withTls(Set.of("udp", "tls"),
                new SipTlsConfig(tlsPort, certificate.toString(), key.toString(), Duration.ofMillis(100)));
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        bridge.close();
    }

    private static X509Certificate[] anchors() {
        return new X509Certificate[] {caOf(first)};
    }

    private static X509Certificate caOf(TestCertificates.Pem pem) {
        try {
            return TestCertificates.chain(pem)[1];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void optionsOverTls13AndTls12() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            SSLSocket socket = TlsTransport.connect(tlsPort, anchors(), protocol);
            assertEquals(protocol, socket.getSession().getProtocol());
            assertEquals(first.leaf(), socket.getSession().getPeerCertificates()[0]);
            assertEquals(2, socket.getSession().getPeerCertificates().length, "the chain is presented");
            String suite = socket.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                    || suite.startsWith("TLS_ECDHE_"), suite);
            try (TestUac uac = new TestUac(TlsTransport.transport(socket), tlsPort)) {
                uac.send("OPTIONS");
                SipMsg ok = uac.awaitResponse(200, "OPTIONS");
                assertTrue(ok.header("Via").startsWith("SIP/2.0/TLS"), ok.header("Via"));
            }
        }
    }

    @Test
    @Order(2)
    void aCallOverTlsEndedByTheCaller() throws Exception {
        try (TestUac uac = new TestUac(TlsTransport.transport(TlsTransport.connect(tlsPort, anchors())), tlsPort)) {
            FakeBridge.Call call = establish(uac);
            CallParties parties = call.invite.parties();
            assertEquals("tls", parties.sipTransport());
            assertTrue(parties.signallingEncrypted());
            uac.bye();
            uac.awaitResponse(200, "BYE");
            Await.until(TestUac.WAIT, "BYE reported", () -> call.events.contains("bye"));
            Await.until(TestUac.WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        }
    }

    @Test
    @Order(3)
    void aCallOverTlsEndedByTheGatewayOnTheCallersConnection() throws Exception {
        try (TestUac uac = new TestUac(TlsTransport.transport(TlsTransport.connect(tlsPort, anchors())), tlsPort)) {
            FakeBridge.Call call = establish(uac);
            call.leg.hangup(EndReason.MAX_DURATION);
            SipMsg bye = uac.awaitRequest("BYE");
            assertTrue(bye.header("Via").startsWith("SIP/2.0/TLS"), bye.header("Via"));
            uac.respond(bye, 200, "OK");
            Await.until(TestUac.WAIT, "BYE completion", () -> call.events.contains("byeSent"));
            assertEquals(List.of("ack", "byeSent"), call.events);
            Await.until(TestUac.WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        }
    }

    @Test
    @Order(4)
    void aSipsRequestUriIsAnsweredWithASipsContact() throws Exception {
        try (TestUac uac = new TestUac(TlsTransport.transport(TlsTransport.connect(tlsPort, anchors())), tlsPort)) {
            uac.requestUriScheme("sips");
            uac.inviteSdp(SipServerIT.TWILIO_SDP);
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            String contact = ok.header("Contact");
            assertTrue(contact.contains("<sips:127.0.0.1:" + tlsPort + ">"), contact);
            uac.ack(true);
            uac.bye();
            uac.awaitResponse(200, "BYE");
            Await.until(TestUac.WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        }
    }

    @Test
    @Order(5)
    void aCallOverUdpIsRecordedAsUnencrypted() throws Exception {
        try (TestUac uac = new TestUac(new UdpTransport(port), port)) {
            uac.inviteSdp(SipServerIT.TWILIO_SDP);
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            assertTrue(ok.header("Contact").contains("127.0.0.1:" + port + ";transport=udp"), ok.header("Contact"));
            uac.ack(true);
            FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
            assertEquals("udp", call.invite.parties().sipTransport());
            assertFalse(call.invite.parties().signallingEncrypted());
            uac.bye();
            uac.awaitResponse(200, "BYE");
        }
    }

    @Test
    @Order(6)
    void tls11IsRefused() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(tls11ClientHello());
            socket.getOutputStream().flush();
            byte[] answer = readUntilClosed(socket.getInputStream());
            assertTrue(answer.length == 0 || answer[0] == 0x15, "an alert or nothing, never a ServerHello: "
                    + (answer.length == 0 ? "closed" : "record type " + answer[0]));
            if (answer.length >= 7) {
                assertEquals(70, answer[6], "alert protocol_version");
            }
        }
        // The JDK client offering only TLS 1.1 (where this JDK allows it at all) gets no session either.
        assertThrows(IOException.class, () -> TlsTransport.connect(tlsPort, anchors(), "TLSv1.1").close());
        // The listener still serves a proper client afterwards.
        try (TestUac uac = new TestUac(TlsTransport.transport(TlsTransport.connect(tlsPort, anchors())), tlsPort)) {
            uac.send("OPTIONS");
            uac.awaitResponse(200, "OPTIONS");
        }
    }

    @Test
    @Order(6)
    void aStreamThatCannotBeFramedIsRefusedThenClosed() throws Exception {
        try (SSLSocket socket = TlsTransport.connect(tlsPort, anchors())) {
            socket.setSoTimeout(10_000);
            String options = "OPTIONS sip:gw@127.0.0.1:" + tlsPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bK-framing\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=1\r\n"
                    + "To: <sip:gw@127.0.0.1>\r\n"
                    + "Call-ID: framing-over-tls\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: -1\r\n\r\n";
            socket.getOutputStream().write(options.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[512];
            boolean closed = false;
            try {
                int n;
                while ((n = socket.getInputStream().read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                // still open: reported below
            } catch (IOException e) {
                closed = true; // closed without a close_notify
            }
            String answer = got.toString(StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Request (Malformed Content-Length header)\r\n"), answer);
            assertTrue(closed, "the connection is closed after the refusal");
        }
    }

    @Test
    @Order(7)
    void aRenewedCertificateIsPresentedToNewConnectionsWithoutARestart() throws Exception {
        SSLSocket before = TlsTransport.connect(tlsPort, anchors());
        TestCertificates.Pem second = TestCertificates.signedByCa(dir.resolve("second"), "gateway-second", "EC");
        X509Certificate[] both = {caOf(first), caOf(second)};
        // certbot-like: the new files are complete before they replace the old ones.
        Files.copy(second.privateKey(), dir.resolve("privkey.new"));
        Files.copy(second.certificate(), dir.resolve("fullchain.new"));
        Files.move(dir.resolve("privkey.new"), key, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("fullchain.new"), certificate, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        X509Certificate presented = Await.value(TestUac.WAIT, "the renewed certificate on a new connection", () -> {
            try (SSLSocket s = TlsTransport.connect(tlsPort, both)) {
                X509Certificate c = (X509Certificate) s.getSession().getPeerCertificates()[0];
                return c.equals(second.leaf()) ? c : null;
            } catch (IOException e) {
                return null;
            }
        });
        assertEquals(second.leaf(), presented);
        assertEquals(second.leaf(), server.tlsCertificate());
        assertNotEquals(first.leaf(), presented);
        // The connection made before the renewal keeps working.
        try (TestUac uac = new TestUac(TlsTransport.transport(before), tlsPort)) {
            uac.send("OPTIONS");
            uac.awaitResponse(200, "OPTIONS");
        }
        // A client that trusts only the old CA no longer accepts the gateway.
        assertThrows(SSLHandshakeException.class, () -> TlsTransport.connect(tlsPort, anchors()).close());
    }

    @Test
    @Order(8)
    void aMissingKeyFileStopsStartUpNamingTheKey() throws Exception {
        SipConfig broken = SipServerIT.config(TestPorts.freePort(), Set.of("udp")).withTls(Set.of("tls"),
                new SipTlsConfig(TestPorts.freePort(), certificate.toString(), dir.resolve("nope.pem").toString(),
                        Duration.ofSeconds(1)));
        SipServer failing = new SipServer(broken, SipServerIT.MEDIA_ADDRESS, bridge);
        ConfigException e = assertThrows(ConfigException.class, failing::start);
        assertEquals("sip.tls-private-key", e.key());
        assertFalse(failing.isBound());
        assertNull(failing.tlsCertificate());
    }

    private FakeBridge.Call establish(TestUac uac) throws Exception {
        uac.inviteSdp(SipServerIT.TWILIO_SDP);
        uac.awaitResponse(100, "INVITE");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        String contact = ok.header("Contact");
        assertTrue(contact.contains("<sip:127.0.0.1:" + tlsPort + ";transport=tls>"), contact);
        assertTrue(ok.header("Via").startsWith("SIP/2.0/TLS"), ok.header("Via"));
        uac.ack(true);
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        Await.until(TestUac.WAIT, "ACK reported", () -> call.events.contains("ack"));
        return call;
    }

    /** A ClientHello that offers TLS 1.1 at most (RFC 4346), with two suites and no extensions. */
    private static byte[] tls11ClientHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(2); // client_version TLS 1.1
        body.writeBytes(random);
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x13, 0x00, 0x2f}); // ECDHE_RSA_AES_128_CBC_SHA, RSA_AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int handshakeLength = hello.length + 4;
        record.writeBytes(new byte[] {0x16, 3, 1, (byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[] {1, 0, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset by the server: closed
        }
        return out.toByteArray();
    }
}
