package io.trunkline.sip.sdp;

import io.trunkline.core.media.MediaDirection;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One media description ({@code m=} line and the lines after it) while an offer is being parsed. */
final class MediaSection {

    /** An {@code a=rtpmap} entry; {@code encoding} is upper case. */
    record Rtpmap(String encoding, int clockRate, int channels) {
    }

    /** A {@code c=} line: the address, or why it cannot be used (checked only if the stream is chosen). */
    record Connection(InetAddress address, String problem) {
    }

    final String media;
    final int port;
    final String protocol;
    final List<String> formats;
    final Map<Integer, Rtpmap> rtpmaps = new HashMap<>();
    /** The values of the stream's {@code a=crypto} lines, in order (SDES, RFC 4568). */
    final List<String> crypto = new ArrayList<>(2);
    Connection connection;
    MediaDirection direction;
    int ptimeMillis;
    int maxptimeMillis;
    int rtcpPort;
    InetAddress rtcpAddress;

    MediaSection(String media, int port, String protocol, List<String> formats) {
        this.media = media;
        this.port = port;
        this.protocol = protocol;
        this.formats = formats;
    }

    MediaLine line() {
        return new MediaLine(media, protocol, formats.get(0));
    }
}
