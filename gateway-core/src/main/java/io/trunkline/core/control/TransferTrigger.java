package io.trunkline.core.control;

import java.util.Locale;

/** Who asked for a transfer, as the call record and the logs name it. */
public enum TransferTrigger {
    /** The agent, on its socket (Vapi's {@code transfer-update}, a raw agent's {@code transfer}). */
    AGENT,
    /** An operator's call-control API request. */
    API,
    /** Vapi's server message {@code phone-call-control} POSTed to the gateway. */
    VAPI_SERVER;

    /** Lower case with dashes: {@code agent}, {@code api}, {@code vapi-server}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
