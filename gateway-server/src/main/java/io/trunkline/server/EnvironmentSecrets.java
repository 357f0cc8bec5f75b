package io.trunkline.server;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.sip.guard.DigestCredentials;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the secrets the configuration names by environment variable (API keys, tokens, passwords): the file holds
 * only the variable's name, never the secret. A variable that is unset or blank fails start-up with the key that
 * named it.
 */
final class EnvironmentSecrets {
    private final Map<String, String> environment;

    EnvironmentSecrets(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The value of the variable {@code variable}, named by configuration key {@code key}.
     *
     * @param holds what the variable holds, for the error message ("the Vapi private key")
     */
    String require(String key, String variable, String holds) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "the name of an environment variable that holds " + holds,
                    variable + " (unset)");
        }
        return value;
    }

    /**
     * The credentials the gateway answers the termination trunk's digest challenges with, or null when neither
     * variable is set (the trunk authenticates the gateway by IP ACL). One set without the other fails start-up.
     */
    DigestCredentials outboundCredentials(OutboundConfig outbound) {
        String username = environment.get(outbound.usernameEnv());
        String password = environment.get(outbound.passwordEnv());
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isBlank();
        if (!hasUser && !hasPassword) {
            return null;
        }
        require("outbound.username-env", outbound.usernameEnv(), "the termination trunk's username");
        require("outbound.password-env", outbound.passwordEnv(), "the termination trunk's password");
        return new DigestCredentials(username, password);
    }

    /** The value of the variable {@code variable}, or null when it is unset or blank (a feature then stays off). */
    String optional(String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? null : value;
    }

    /** SIP digest credentials when digest is on, otherwise null. */
    DigestCredentials digestCredentials(SipAccessConfig access) {
        if (!access.digestEnabled()) {
            return null;
        }
        String username = require("sip.digest-username-env", access.digestUsernameEnv(), "the SIP digest username");
        String password = require("sip.digest-password-env", access.digestPasswordEnv(), "the SIP digest password");
        return new DigestCredentials(username, password);
    }
}
