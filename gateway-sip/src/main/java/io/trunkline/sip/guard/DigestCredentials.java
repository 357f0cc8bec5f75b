package io.trunkline.sip.guard;

import java.util.Objects;

/**
 * The username and password INVITEs must prove knowledge of. They come from the environment; this type never
 * prints the password (nor the username) so it cannot leak through a log line or an exception message.
 */
public final class DigestCredentials {
    private final String username;
    private final String password;

    public DigestCredentials(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        if (username.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("digest username and password must not be empty");
        }
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "DigestCredentials[****]";
    }
}
