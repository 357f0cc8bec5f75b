package io.trunkline.rtp.rtcp.packet;

import java.util.List;
import java.util.Optional;

/**
 * The items describing one source in an SDES packet.
 *
 * @param ssrc  the source (or contributing source) described
 * @param items its items, in wire order
 */
public record SdesChunk(long ssrc, List<SdesItem> items) {

    public SdesChunk {
        Unsigned.check32(ssrc, "ssrc");
        items = List.copyOf(items);
    }

    /** A chunk carrying only the canonical name, as every compound packet must. */
    public static SdesChunk cname(long ssrc, String cname) {
        return new SdesChunk(ssrc, List.of(new SdesItem(SdesItem.CNAME, cname)));
    }

    /** The CNAME item of this chunk, if present. */
    public Optional<String> cname() {
        for (SdesItem item : items) {
            if (item.type() == SdesItem.CNAME) {
                return Optional.of(item.value());
            }
        }
        return Optional.empty();
    }
}
