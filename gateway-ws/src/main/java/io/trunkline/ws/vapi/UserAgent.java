package io.trunkline.ws.vapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code User-Agent} of every request to Vapi (REST and WebSocket handshake): the gateway's name and version.
 * An edge in front of Vapi's API answers requests without one with 403, and Vapi's support can tell the gateway's
 * traffic apart by it.
 */
final class UserAgent {

    /** Product token and version, e.g. {@code trunkline/0.1.0}. */
    static final String VALUE = "trunkline/" + version();

    private UserAgent() {
    }

    /** The version the build wrote into {@code version.properties}; "dev" when run from unfiltered sources. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "dev";
        }
        String v = p.getProperty("version", "").trim();
        // A header token: no spaces, no unreplaced ${...} placeholder.
        return v.isEmpty() || v.contains("${") || !v.matches("[A-Za-z0-9._+-]+") ? "dev" : v;
    }
}
