package io.trunkline.core.call;

import java.util.Locale;

/** Who started a call: the carrier's INVITE reached the gateway, or the gateway dialled out through the trunk. */
public enum CallDirection {
    INBOUND,
    OUTBOUND;

    /** Lower case, for records and metric tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
