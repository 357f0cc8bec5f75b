package io.trunkline.core.config;

import java.util.Set;

/**
 * SIP listener settings.
 *
 * @param bindAddress           local address to listen on
 * @param port                  UDP and TCP port
 * @param advertisedAddress     host or IP written into Via/Contact/SDP origin, for NAT and Docker; null = bind
 *                              address (or the primary interface when binding the wildcard)
 * @param transports            {@code udp}, {@code tcp}
 * @param listenerThreads       JAIN-SIP listener thread pool size
 * @param maxMessageBytes       larger messages are refused by the stack
 * @param maxServerTransactions transaction table limit
 * @param access                who may send requests: allowlist, rate limit, digest authentication
 */
public record SipConfig(
        String bindAddress,
        int port,
        String advertisedAddress,
        Set<String> transports,
        int listenerThreads,
        int maxMessageBytes,
        int maxServerTransactions,
        SipAccessConfig access) {

    public static final SipConfig DEFAULTS =
            new SipConfig("0.0.0.0", 5060, null, Set.of("udp", "tcp"), 4, 65536, 10000);

    /** Settings with the default access control (any source, default rate limit, no authentication). */
    public SipConfig(String bindAddress, int port, String advertisedAddress, Set<String> transports,
            int listenerThreads, int maxMessageBytes, int maxServerTransactions) {
        this(bindAddress, port, advertisedAddress, transports, listenerThreads, maxMessageBytes,
                maxServerTransactions, SipAccessConfig.DEFAULTS);
    }

    public SipConfig {
        Check.notBlank("sip.bind-address", bindAddress);
        Check.port("sip.port", port);
        transports = Set.copyOf(transports);
        for (String t : transports) {
            if (!t.equals("udp") && !t.equals("tcp")) {
                throw new ConfigException("sip.transports", "a list of udp, tcp", transports);
            }
        }
        if (transports.isEmpty()) {
            throw new ConfigException("sip.transports", "at least one of udp, tcp", transports);
        }
        Check.range("sip.listener-threads", listenerThreads, 1, 256);
        Check.range("sip.max-message-bytes", maxMessageBytes, 1024, 1 << 20);
        Check.range("sip.max-server-transactions", maxServerTransactions, 1, 1_000_000);
        if (access == null) {
            access = SipAccessConfig.DEFAULTS;
        }
    }

    /** A copy with other access control settings. */
    public SipConfig withAccess(SipAccessConfig newAccess) {
        return new SipConfig(bindAddress, port, advertisedAddress, transports, listenerThreads, maxMessageBytes,
                maxServerTransactions, newAccess);
    }

    /** The address to put in Contact, Via and SDP. */
    public String effectiveAdvertisedAddress() {
        return AdvertisedAddress.resolve(advertisedAddress, bindAddress);
    }
}
