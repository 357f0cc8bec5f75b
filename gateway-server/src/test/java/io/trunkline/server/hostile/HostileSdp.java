package io.trunkline.server.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Invalid or hostile SDP offers, each sent in an otherwise well-formed INVITE. Some are odd but valid (a second
 * m-line, an absurd ptime, many attributes): for those an answer is allowed as well as a refusal.
 */
final class HostileSdp {
    /** One offer: its body and Content-Type, and whether a 200 is an acceptable answer. */
    record Offer(String name, String contentType, String body, boolean mayBeAccepted) {
    }

    private static final String SESSION = "v=0\r\n"
            + "o=hostile 1 1 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n";
    private static final String C4 = "c=IN IP4 127.0.0.1\r\n";
    private static final String T = "t=0 0\r\n";
    private static final String PCMU = "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private HostileSdp() {
    }

    static List<Offer> all() {
        List<Offer> o = new ArrayList<>();
        o.add(refused("no audio m-line", SESSION + C4 + T + "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"));
        o.add(refused("no m-line at all", SESSION + C4 + T));
        o.add(refused("audio port 0", SESSION + C4 + T + "m=audio 0 RTP/AVP 0\r\n"));
        o.add(refused("unknown codecs only", SESSION + C4 + T
                + "m=audio 40000 RTP/AVP 96 97\r\na=rtpmap:96 FOO/8000\r\na=rtpmap:97 BAR/16000\r\n"));
        o.add(refused("static payload types that are not G.711", SESSION + C4 + T + "m=audio 40000 RTP/AVP 3 4 9 18\r\n"));
        // The gateway under test has IPv4 RTP: an IPv6 media address is unreachable from it, hence 488.
        o.add(refused("IPv6 c= line on an IPv4 gateway", SESSION + "c=IN IP6 ::1\r\n" + T + PCMU));
        o.add(refused("c= host name", SESSION + "c=IN IP4 media.example.com\r\n" + T + PCMU));
        o.add(refused("c= unknown address type", SESSION + "c=IN IPX 1.2.3.4\r\n" + T + PCMU));
        o.add(maybe("two audio m-lines", SESSION + C4 + T + PCMU + "m=audio 40002 RTP/AVP 8\r\n"));
        o.add(maybe("video then audio", SESSION + C4 + T + "m=video 40004 RTP/AVP 96\r\n" + PCMU));
        o.add(refused("17 m-lines", SESSION + C4 + T + "m=video 5000 RTP/AVP 96\r\n".repeat(16) + PCMU));
        o.add(maybe("absurd ptime", SESSION + C4 + T + PCMU + "a=ptime:100000\r\na=maxptime:0\r\n"));
        o.add(maybe("negative and fractional ptime", SESSION + C4 + T + PCMU + "a=ptime:-20\r\na=ptime:0.5\r\n"));
        o.add(refused("missing c=", SESSION + T + PCMU));
        o.add(maybe("400 attributes", SESSION + C4 + T + PCMU + "a=x-filler:0123456789\r\n".repeat(400)));
        o.add(refused("600 attribute lines", SESSION + C4 + T + PCMU + "a=x\r\n".repeat(600)));
        o.add(refused("40 formats on one m-line", SESSION + C4 + T + "m=audio 40000 RTP/AVP"
                + " 0".repeat(40) + "\r\n"));
        o.add(refused("m-line port above 65535", SESSION + C4 + T + "m=audio 99999 RTP/AVP 0\r\n"));
        o.add(refused("m-line with no formats", SESSION + C4 + T + "m=audio 40000 RTP/AVP\r\n"));
        o.add(refused("secure RTP only", SESSION + C4 + T + "m=audio 40000 RTP/SAVP 0\r\n"));
        o.add(refused("does not start with v=0", "o=x 1 1 IN IP4 127.0.0.1\r\n" + C4 + T + PCMU));
        o.add(refused("control character", SESSION + C4 + T + PCMU + "a=tool:\u0001\u0002\r\n"));
        o.add(refused("line of 2000 characters", SESSION + C4 + T + PCMU + "a=x-long:" + "l".repeat(2000) + "\r\n"));
        o.add(refused("not SDP at all", "hello, gateway"));
        o.add(refused("empty body", ""));
        o.add(new Offer("wrong Content-Type", "text/plain", SESSION + C4 + T + PCMU, false));
        o.add(new Offer("multipart Content-Type", "multipart/mixed;boundary=x", "--x\r\n\r\n--x--\r\n", false));
        o.add(maybe("rtpmap for an unoffered payload type and a hostile rtcp attribute", SESSION + C4 + T + PCMU
                + "a=rtpmap:200 PCMU/8000\r\na=rtpmap:0 /0\r\na=rtcp:0 IN IP4 ::::\r\n"));
        return o;
    }

    private static Offer refused(String name, String body) {
        return new Offer(name, "application/sdp", body, false);
    }

    private static Offer maybe(String name, String body) {
        return new Offer(name, "application/sdp", body, true);
    }
}
