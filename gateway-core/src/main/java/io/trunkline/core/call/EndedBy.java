package io.trunkline.core.call;

/** Which side ended a call. */
public enum EndedBy {
    CALLER,
    AGENT,
    GATEWAY,
    /** An operator or their application, through the call-control API. */
    OPERATOR
}
