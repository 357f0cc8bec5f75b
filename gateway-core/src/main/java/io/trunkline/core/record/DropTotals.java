package io.trunkline.core.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway dropped during one call, by direction and reason (the {@code reason} tags of the
 * {@code gateway.media.dropped} metric): {@code inbound} from the caller toward the agent, {@code outbound} from
 * the agent toward the caller. Only reasons that occurred are listed; a call that dropped nothing has two empty
 * objects. Units: datagrams for RTP and RTCP, 20 ms frames for audio, messages for control messages.
 *
 * @param inbound  reason tag → count
 * @param outbound reason tag → count
 */
public record DropTotals(Map<String, Long> inbound, Map<String, Long> outbound) {

    public static final DropTotals NONE = new DropTotals(Map.of(), Map.of());

    public DropTotals {
        inbound = inbound == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inbound));
        outbound = outbound == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outbound));
    }

    /** Everything dropped from the caller toward the agent, all reasons. */
    public long inboundTotal() {
        return inbound.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Everything dropped from the agent toward the caller, all reasons. */
    public long outboundTotal() {
        return outbound.values().stream().mapToLong(Long::longValue).sum();
    }
}
