package io.trunkline.sip.uac;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/** One TCP (or TLS) connection to the server; messages are framed by Content-Length. */
public final class TcpTransport implements UacTransport {
    private final Socket socket;
    private final String name;
    private final OutputStream out;
    private Thread reader;

    public TcpTransport(int serverPort) throws IOException {
        this(connect(serverPort), "TCP");
    }

    /** A transport over {@code connected}, written in Via as {@code name} ({@code TLS} for an SSL socket). */
    TcpTransport(Socket connected, String name) throws IOException {
        socket = connected;
        this.name = name;
        out = socket.getOutputStream();
    }

    private static Socket connect(int serverPort) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public synchronized void send(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void start(Consumer<String> sink) {
        reader = new Thread(() -> {
            try {
                InputStream in = socket.getInputStream();
                while (true) {
                    String message = readMessage(in);
                    if (message == null) {
                        return;
                    }
                    if (!message.isBlank()) {
                        sink.accept(message);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "uac-" + name.toLowerCase(Locale.ROOT) + "-" + localPort());
        reader.setDaemon(true);
        reader.start();
    }

    private static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 65536) {
                throw new IOException("header too long");
            }
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        if (headers.isBlank()) {
            return ""; // keep-alive CRLFs
        }
        int length = contentLength(headers);
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
