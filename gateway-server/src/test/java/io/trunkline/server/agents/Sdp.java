package io.trunkline.server.agents;

import java.net.InetSocketAddress;

/** The caller's SDP offer, Twilio style, and the audio address of the gateway's answer. */
final class Sdp {
    private Sdp() {
    }

    /** A PCMU + telephone-event offer for audio at 127.0.0.1:{@code rtpPort}. */
    static String pcmuOffer(int rtpPort) {
        return "v=0\r\n"
                + "o=caller 4711 1 IN IP4 127.0.0.1\r\n"
                + "s=Test Caller\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /** The {@code c=} address and {@code m=audio} port of an answer. */
    static InetSocketAddress audioAddress(String sdp) {
        String host = null;
        int port = -1;
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                host = line.substring(9).trim();
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        if (host == null || port <= 0) {
            throw new AssertionError("no audio address in the answer:\n" + sdp);
        }
        return new InetSocketAddress(host, port);
    }
}
