package io.trunkline.server.scaleout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One OPTIONS request over UDP on loopback, for readiness checks of SIP peers. */
final class SipOptions {
    private SipOptions() {
    }

    /** The final status of an OPTIONS to 127.0.0.1:{@code port}, or -1 without one within a second. */
    static int status(int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            int local = socket.getLocalPort();
            long id = System.nanoTime();
            String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-probe-" + id + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1:" + local + ">;tag=probe\r\n"
                    + "To: <sip:127.0.0.1:" + port + ">\r\n"
                    + "Call-ID: probe-" + id + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[4096];
            while (true) {
                DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(response);
                } catch (SocketTimeoutException e) {
                    return -1;
                }
                String text = new String(buffer, 0, response.getLength(), StandardCharsets.US_ASCII);
                if (text.startsWith("SIP/2.0 ")) {
                    int status = Integer.parseInt(text.substring(8, 11));
                    if (status >= 200) {
                        return status;
                    }
                }
            }
        }
    }
}
