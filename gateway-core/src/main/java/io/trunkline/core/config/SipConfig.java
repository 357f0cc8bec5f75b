package io.trunkline.core.config;

import java.util.Set;

/**
 * SIP listener settings.
 *
 * @param bindAddress           local address to listen on
 * @param port                  UDP and TCP port
 * @param advertisedAddress     host or IP written into Via/Contact/SDP origin, for NAT and Docker; null = bind
 *                              address (or the primary interface when binding the wildcard)
 * @param transports            {@code udp}, {@code tcp}, {@code tls}
 * @param listenerThreads       JAIN-SIP listener thread pool size
 * @param maxMessageBytes       larger messages are refused by the stack
 * @param maxServerTransactions transaction table limit
 * @param access                who may send requests: allowlist, rate limit, digest authentication
 * @param tls                   the TLS listener's port, certificate and key (used when transports has {@code tls})
 */
public record SipConfig(
        String bindAddress,
        int port,
        String advertisedAddress,
        Set<String> transports,
        int listenerThreads,
        int maxMessageBytes,
        int maxServerTransactions,
        SipAccessConfig access,
        SipTlsConfig tls) {

    public static final SipConfig DEFAULTS =
            new SipConfig("0.0.0.0", 5060, null, Set.of("udp", "tcp"), 4, 65536, 10000);

    /** Settings with the default access control (any source, default rate limit, no authentication). */
    public SipConfig(String bindAddress, int port, String advertisedAddress, Set<String> transports,
            int listenerThreads, int maxMessageBytes, int maxServerTransactions) {
        this(bindAddress, port, advertisedAddress, transports, listenerThreads, maxMessageBytes,
                maxServerTransactions, SipAccessConfig.DEFAULTS, SipTlsConfig.DEFAULTS);
    }

    /** Settings without a TLS listener. */
    public SipConfig(String bindAddress, int port, String advertisedAddress, Set<String> transports,
            int listenerThreads, int maxMessageBytes, int maxServerTransactions, SipAccessConfig access) {
        this(bindAddress, port, advertisedAddress, transports, listenerThreads, maxMessageBytes,
                maxServerTransactions, access, SipTlsConfig.DEFAULTS);
    }

    public SipConfig {
        Check.notBlank("sip.bind-address", bindAddress);
        Check.port("sip.port", port);
        transports = Set.copyOf(transports);
        for (String t : transports) {
            if (!t.equals("udp") && !t.equals("tcp") && !t.equals("tls")) {
                throw new ConfigException("sip.transports", "a list of udp, tcp, tls", transports);
            }
        }
        if (transports.isEmpty()) {
            throw new ConfigException("sip.transports", "at least one of udp, tcp, tls", transports);
        }
        if (tls == null) {
            tls = SipTlsConfig.DEFAULTS;
        }
        if (transports.contains("tls")) {
            tls.requireFiles();
            if (transports.contains("tcp") && tls.port() == port) {
                throw new ConfigException("sip.tls-port", "a port other than sip.port (TCP listens there)",
                        tls.port());
            }
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
                maxServerTransactions, newAccess, tls);
    }

    /** A copy with other transports and TLS settings. */
    public SipConfig withTls(Set<String> newTransports, SipTlsConfig newTls) {
        return new SipConfig(bindAddress, port, advertisedAddress, newTransports, listenerThreads, maxMessageBytes,
                maxServerTransactions, access, newTls);
    }

    /** The port a transport listens on: {@link SipTlsConfig#port()} for {@code tls}, {@link #port()} otherwise. */
    public int portOf(String transport) {
        return "tls".equals(transport) ? tls.port() : port;
    }

    /** The address to put in Contact, Via and SDP. */
    public String effectiveAdvertisedAddress() {
        return AdvertisedAddress.resolve(advertisedAddress, bindAddress);
    }
}
