package io.trunkline.sip.sdp;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading an SDP offer: either the negotiated {@link MediaOffer} together with the offer's
 * {@code m=} line layout (needed to write the answer), or the reason it cannot be accepted.
 */
public final class SdpOffer {
    private final MediaOffer media;
    private final EndReason rejection;
    private final String problem;
    private final List<MediaLine> mediaLines;
    private final int chosenLine;
    private final int maxptimeMillis;
    private final int warningCode;

    private SdpOffer(MediaOffer media, EndReason rejection, String problem, List<MediaLine> mediaLines,
            int chosenLine, int maxptimeMillis, int warningCode) {
        this.media = media;
        this.rejection = rejection;
        this.problem = problem;
        this.mediaLines = mediaLines;
        this.chosenLine = chosenLine;
        this.maxptimeMillis = maxptimeMillis;
        this.warningCode = warningCode;
    }

    /** A usable offer; {@code chosenLine} indexes the audio line in {@code mediaLines}. */
    public static SdpOffer accepted(MediaOffer media, List<MediaLine> mediaLines, int chosenLine) {
        return accepted(media, mediaLines, chosenLine, 0);
    }

    /** A usable offer whose chosen stream allows packets of at most {@code maxptimeMillis} (0: no limit given). */
    public static SdpOffer accepted(MediaOffer media, List<MediaLine> mediaLines, int chosenLine,
            int maxptimeMillis) {
        Objects.requireNonNull(media, "media");
        List<MediaLine> lines = List.copyOf(mediaLines);
        if (chosenLine < 0 || chosenLine >= lines.size()) {
            throw new IllegalArgumentException("chosenLine out of range: " + chosenLine);
        }
        return new SdpOffer(media, null, null, lines, chosenLine, Math.max(0, maxptimeMillis), 0);
    }

    /** An offer that cannot be accepted: {@code reason} decides the SIP status, {@code problem} is for logs. */
    public static SdpOffer rejected(EndReason reason, String problem) {
        return rejected(reason, problem, 0);
    }

    /**
     * An offer that cannot be accepted, with the RFC 3261 Warning code that names the kind of problem (302
     * incompatible transport, 306 attribute not understood, ...; 0: let the refusal choose).
     */
    public static SdpOffer rejected(EndReason reason, String problem, int warningCode) {
        return new SdpOffer(null, Objects.requireNonNull(reason, "reason"), problem, List.of(), -1, 0, warningCode);
    }

    /** This accepted offer with other negotiated media (same {@code m=} layout). */
    SdpOffer withMedia(MediaOffer newMedia) {
        return new SdpOffer(Objects.requireNonNull(newMedia, "media"), null, null, mediaLines, chosenLine,
                maxptimeMillis, 0);
    }

    public boolean isAccepted() {
        return media != null;
    }

    /** The negotiated media, or null when rejected. */
    public MediaOffer media() {
        return media;
    }

    /** Why the offer was rejected, or null when accepted. */
    public EndReason rejection() {
        return rejection;
    }

    /** A short description of what was wrong with the offer (never contains raw input beyond a few tokens). */
    public String problem() {
        return problem;
    }

    public List<MediaLine> mediaLines() {
        return mediaLines;
    }

    public int chosenLine() {
        return chosenLine;
    }

    /** The Warning code (RFC 3261 section 20.43) a refusal should carry, or 0 when the refusal chooses. */
    public int warningCode() {
        return warningCode;
    }

    /** The chosen stream's {@code a=maxptime} (media or session level), or 0 when the offer gave none. */
    public int maxptimeMillis() {
        return maxptimeMillis;
    }

    /** Whether the offer lets the gateway send its 20 ms packets (no {@code maxptime} below 20). */
    public boolean allowsGatewayPtime() {
        return maxptimeMillis == 0 || maxptimeMillis >= 20;
    }

    @Override
    public String toString() {
        return isAccepted() ? "SdpOffer[" + media + "]" : "SdpOffer[rejected " + rejection + ": " + problem + "]";
    }
}
