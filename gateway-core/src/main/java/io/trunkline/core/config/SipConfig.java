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
 */
public record SipConfig(
        String bindAddress,
        int port,
        String advertisedAddress,
        Set<String> transports,
        int listenerThreads,
        int maxMessageBytes,
        int maxServerTransactions) {

    public static final SipConfig DEFAULTS =
            new SipConfig("0.0.0.0", 5060, null, Set.of("udp", "tcp"), 4, 65536, 10000);

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
    }

    /** The address to put in Contact, Via and SDP. */
    public String effectiveAdvertisedAddress() {
        return AdvertisedAddress.resolve(advertisedAddress, bindAddress);
    }
}
