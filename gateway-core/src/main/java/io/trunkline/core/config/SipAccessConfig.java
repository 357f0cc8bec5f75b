package io.trunkline.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Who may talk SIP to the gateway: a source-address allowlist, a per-source request-rate limit and optional
 * digest authentication of INVITEs. The digest credentials themselves come from environment variables whose
 * names are given here, never from the file.
 *
 * @param allowlist          CIDRs (IPv4 or IPv6; a bare address means one host) and presets such as
 *                           {@code twilio}; empty = any source (logged as a warning at start)
 * @param onDenied           what a source outside the allowlist gets: nothing (drop) or 403 (reject)
 * @param ratePerSecond      out-of-dialog requests (INVITE, OPTIONS, ...) per second per source address;
 *                           0 = no limit
 * @param rateBurst          requests a source may send at once before the rate applies
 * @param rateSources        source addresses whose buckets are kept; the least recently seen is forgotten first
 * @param onRateLimited      what a request over the limit gets: nothing (drop) or 503 (reject)
 * @param digestEnabled      challenge INVITEs for digest credentials (RFC 3261 section 22, MD5, qop=auth)
 * @param digestRealm        the realm of the challenge
 * @param digestUsernameEnv  NAME of the environment variable holding the username
 * @param digestPasswordEnv  NAME of the environment variable holding the password
 * @param digestNonceTtl     how long a nonce is accepted; older ones get a new challenge with stale=true
 */
public record SipAccessConfig(
        List<String> allowlist,
        RefusalAction onDenied,
        int ratePerSecond,
        int rateBurst,
        int rateSources,
        RefusalAction onRateLimited,
        boolean digestEnabled,
        String digestRealm,
        String digestUsernameEnv,
        String digestPasswordEnv,
        Duration digestNonceTtl) {

    public static final SipAccessConfig DEFAULTS = new SipAccessConfig(List.of(), RefusalAction.DROP, 500, 1000,
            10_000, RefusalAction.DROP, false, "trunkline", "SIP_DIGEST_USERNAME", "SIP_DIGEST_PASSWORD",
            Duration.ofSeconds(60));

    public SipAccessConfig {
        allowlist = List.copyOf(allowlist);
        if (onDenied == null) {
            throw new ConfigException("sip.on-denied", "drop or reject", null);
        }
        if (onRateLimited == null) {
            throw new ConfigException("sip.on-rate-limited", "drop or reject", null);
        }
        Check.range("sip.rate-limit-per-second", ratePerSecond, 0, 1_000_000);
        Check.range("sip.rate-limit-burst", rateBurst, 1, 1_000_000);
        Check.range("sip.rate-limit-sources", rateSources, 1, 1_000_000);
        Check.notBlank("sip.digest-realm", digestRealm);
        if (digestRealm.indexOf('"') >= 0 || digestRealm.indexOf('\\') >= 0) {
            throw new ConfigException("sip.digest-realm", "a realm without quotes or backslashes", digestRealm);
        }
        Check.notBlank("sip.digest-username-env", digestUsernameEnv);
        Check.notBlank("sip.digest-password-env", digestPasswordEnv);
        Check.positive("sip.digest-nonce-ttl", digestNonceTtl);
    }

    /** Whether requests are rate limited at all. */
    public boolean rateLimited() {
        return ratePerSecond > 0;
    }
}
