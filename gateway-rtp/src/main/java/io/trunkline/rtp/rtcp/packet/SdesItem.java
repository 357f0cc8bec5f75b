package io.trunkline.rtp.rtcp.packet;

import java.util.Objects;

/**
 * One SDES item (RFC 3550 §6.5): a type and its UTF-8 text.
 *
 * @param type  1..255; {@link #CNAME} is the one every participant sends
 * @param value the text (PRIV items keep their prefix inside it)
 */
public record SdesItem(int type, String value) {

    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    public SdesItem {
        Unsigned.checkRange(type, 1, 255, "SDES item type");
        Objects.requireNonNull(value, "value");
    }
}
