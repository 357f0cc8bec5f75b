package io.trunkline.core.config;

/** How a call is handed over to a human. */
public enum TransferMode {
    /** Blind transfer: an in-dialog REFER asks the carrier to connect the caller elsewhere; the gateway leaves. */
    REFER,
    /** The gateway calls the destination itself and relays media between both legs (a B2BUA for that call). */
    BRIDGE
}
