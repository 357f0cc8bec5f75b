package io.trunkline.sip.uac;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** SIP over TLS for the test UAC: a JDK {@link SSLSocket} to the server that trusts exactly the given certificates. */
public final class TlsTransport {
    private TlsTransport() {
    }

    /**
     * Connects and completes the handshake with {@code protocols} enabled.
     *
     * @param trusted   the certificates the client accepts as trust anchors (the server's self-signed one, or its CA)
     * @return the connected socket; {@link #transport} wraps it for a {@link TestUac}
     */
    public static SSLSocket connect(int serverPort, X509Certificate[] trusted, String... protocols)
            throws IOException {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                anchors.setCertificateEntry("trusted-" + i, trusted[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(protocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : protocols);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            socket.setSoTimeout(0);
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A UAC transport over an established TLS connection ({@code TLS} in Via, {@code transport=tls}). */
    public static UacTransport transport(SSLSocket socket) throws IOException {
        return new TcpTransport(socket, "TLS");
    }
}
