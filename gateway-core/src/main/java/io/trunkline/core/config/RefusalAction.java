package io.trunkline.core.config;

/** What the SIP listener does with a request it refuses: answer it, or drop it without a word. */
public enum RefusalAction {
    /** Send the protocol's answer (403, 503). Costs a response per request: an amplifier towards spoofed sources. */
    REJECT,
    /** Send nothing. The sender learns nothing and spoofed floods are not reflected. */
    DROP
}
