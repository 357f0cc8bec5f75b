package io.trunkline.core.media;

/** Every RTP port pair in the configured range is in use. */
public final class PortsExhaustedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortsExhaustedException(String message) {
        super(message);
    }
}
