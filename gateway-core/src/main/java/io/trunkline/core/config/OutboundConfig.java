package io.trunkline.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Outbound calls through the carrier's termination trunk (Twilio Elastic SIP Trunking termination). Off while
 * {@code trunk} is empty. Credentials are read from the environment variables named here, never from a file.
 *
 * @param trunk             the termination trunk's SIP URI ({@code sip:example.pstn.twilio.com}), or empty (off)
 * @param usernameEnv       NAME of the variable holding the digest username (unset: no digest, IP ACL only)
 * @param passwordEnv       NAME of the variable holding the digest password
 * @param from              the caller ID presented when a request names none, E.164, or empty (then every request
 *                          must name one)
 * @param maxCallsPerSecond INVITEs sent per second at most (Twilio's default limit is 1 per trunk); more requests
 *                          wait in a queue
 * @param queueSize         requests that may wait for their turn; more are refused (429)
 * @param allowedPrefixes   the toll-fraud guard: only numbers starting with one of these may be called; empty
 *                          allows none, {@code +} alone allows every number
 * @param ringTimeout       how long the callee may ring before the call is cancelled (outcome {@code no-answer})
 * @param transport         {@code udp}, {@code tcp} or {@code tls}
 */
public record OutboundConfig(
        String trunk,
        String usernameEnv,
        String passwordEnv,
        String from,
        int maxCallsPerSecond,
        int queueSize,
        List<String> allowedPrefixes,
        Duration ringTimeout,
        String transport) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern PREFIX = Pattern.compile("\\+[0-9]{0,15}");

    public static final OutboundConfig DEFAULTS = new OutboundConfig("", "OUTBOUND_SIP_USERNAME",
            "OUTBOUND_SIP_PASSWORD", "", 1, 50, List.of(), Duration.ofSeconds(60), "udp");

    public OutboundConfig {
        trunk = trunk == null ? "" : trunk.trim();
        String scheme = trunk.toLowerCase(Locale.ROOT);
        if (!trunk.isEmpty() && !(scheme.startsWith("sip:") || scheme.startsWith("sips:"))
                || trunk.contains("@")) {
            throw new ConfigException("outbound.trunk", "a SIP URI without user part such as "
                    + "sip:example.pstn.twilio.com, or empty (off)", trunk);
        }
        Check.notBlank("outbound.username-env", usernameEnv);
        Check.notBlank("outbound.password-env", passwordEnv);
        from = from == null ? "" : from.trim();
        if (!from.isEmpty() && !E164.matcher(from).matches()) {
            throw new ConfigException("outbound.from", "an E.164 number such as +15550001111, or empty", from);
        }
        Check.range("outbound.max-calls-per-second", maxCallsPerSecond, 1, 1000);
        Check.range("outbound.queue-size", queueSize, 1, 100_000);
        allowedPrefixes = List.copyOf(Objects.requireNonNull(allowedPrefixes, "allowedPrefixes"));
        for (String prefix : allowedPrefixes) {
            if (!PREFIX.matcher(prefix).matches()) {
                throw new ConfigException("outbound.allowed-prefixes", "prefixes such as +1 or +4420 (+ alone: all)",
                        prefix);
            }
        }
        Check.positive("outbound.ring-timeout", ringTimeout);
        transport = transport == null ? "udp" : transport.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("udp", "tcp", "tls").contains(transport)) {
            throw new ConfigException("outbound.transport", "udp, tcp or tls", transport);
        }
    }

    /** Whether outbound calls are configured at all. */
    public boolean enabled() {
        return !trunk.isEmpty();
    }
}
