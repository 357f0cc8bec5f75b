package io.trunkline.server.testing;

import java.net.InetSocketAddress;

/** The caller's SDP offers, Twilio style, and what tests read from the gateway's answers. */
public final class Sdp {
    private Sdp() {
    }

    /** A PCMU + telephone-event offer for audio at 127.0.0.1:{@code rtpPort}, first version, sendrecv. */
    public static String pcmuOffer(int rtpPort) {
        return pcmuOffer(rtpPort, 1, "sendrecv");
    }

    /** A PCMU + telephone-event offer for audio at 127.0.0.1:{@code rtpPort} with {@code direction}. */
    public static String pcmuOffer(int rtpPort, int version, String direction) {
        return session(version)
                + "m=audio " + rtpPort + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=" + direction + "\r\n";
    }

    /** An offer with G.729 only. */
    public static String g729Offer(int rtpPort) {
        return session(1)
                + "m=audio " + rtpPort + " RTP/AVP 18\r\n"
                + "a=rtpmap:18 G729/8000\r\n"
                + "a=fmtp:18 annexb=no\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    private static String session(int version) {
        return "v=0\r\n"
                + "o=caller 4711 " + version + " IN IP4 127.0.0.1\r\n"
                + "s=Test Caller\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n";
    }

    /** The audio address of an answer: the {@code c=} address and the {@code m=audio} port. */
    public static InetSocketAddress audioAddress(String sdp) {
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

    /** The direction attribute of an answer, or null. */
    public static String direction(String sdp) {
        for (String line : sdp.split("\r\n")) {
            switch (line) {
                case "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive" -> {
                    return line.substring(2);
                }
                default -> {
                    // not a direction
                }
            }
        }
        return null;
    }
}
