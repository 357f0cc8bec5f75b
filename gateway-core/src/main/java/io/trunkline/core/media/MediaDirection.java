package io.trunkline.core.media;

/** SDP media direction (RFC 3264 §6.1), always from the point of view of the side that wrote it. */
public enum MediaDirection {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The direction to answer an offer with: {@code sendonly} gets {@code recvonly} and vice versa. */
    public MediaDirection answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** Whether the side holding this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** Whether the side holding this direction receives media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public String sdpAttribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
