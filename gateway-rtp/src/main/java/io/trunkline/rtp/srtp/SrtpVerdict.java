package io.trunkline.rtp.srtp;

import org.jitsi.srtp.SrtpErrorStatus;

/** What became of one packet in the SRTP transform. */
enum SrtpVerdict {
    /** Transformed in place. */
    OK,
    /** The authentication tag did not verify, the packet was too short to carry one, or could not be read. */
    AUTH,
    /** Already received, or older than the replay window. */
    REPLAY,
    /** A new stream that could not be tried now (too many new SSRCs in a short time). */
    REFUSED;

    static SrtpVerdict of(SrtpErrorStatus status) {
        return switch (status) {
            case OK -> OK;
            case REPLAY_FAIL, REPLAY_OLD -> REPLAY;
            default -> AUTH;
        };
    }
}
