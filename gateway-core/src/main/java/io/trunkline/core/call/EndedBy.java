package io.trunkline.core.call;

/** Which side ended a call. */
public enum EndedBy {
    CALLER,
    AGENT,
    GATEWAY
}
