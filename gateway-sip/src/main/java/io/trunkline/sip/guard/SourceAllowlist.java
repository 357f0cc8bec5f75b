package io.trunkline.sip.guard;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The networks SIP requests may come from. Empty means every source is allowed. Immutable and thread-safe. */
public final class SourceAllowlist {
    private final List<Cidr> networks;

    private SourceAllowlist(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * Parses the entries of {@code sip.allowlist}: CIDRs, bare addresses and presets ({@code twilio}).
     *
     * @throws io.trunkline.core.config.ConfigException for an entry that is none of these
     */
    public static SourceAllowlist parse(Collection<String> entries) {
        List<Cidr> list = new ArrayList<>();
        for (String entry : entries) {
            String e = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
            if (e.equals(TwilioSignallingRanges.PRESET)) {
                TwilioSignallingRanges.RANGES.forEach(r -> list.add(Cidr.parse(r)));
            } else {
                list.add(Cidr.parse(e));
            }
        }
        return new SourceAllowlist(list);
    }

    /** Whether any source is allowed (no entries). */
    public boolean isOpen() {
        return networks.isEmpty();
    }

    /** Whether {@code source} may send requests; a null source (unknown) is allowed only when open. */
    public boolean allows(InetAddress source) {
        if (networks.isEmpty()) {
            return true;
        }
        if (source == null) {
            return false;
        }
        for (Cidr network : networks) {
            if (network.contains(source)) {
                return true;
            }
        }
        return false;
    }

    public List<Cidr> networks() {
        return networks;
    }
}
