package io.trunkline.server.config;

import java.net.URI;

/** Masks secrets for printing: URLs keep only scheme and host, anything else is hidden. */
final class Secrets {
    private Secrets() {
    }

    static String mask(String value) {
        if (value == null || value.isEmpty() || value.equals("null")) {
            return "";
        }
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + "/****";
            }
        } catch (IllegalArgumentException e) {
            // not a URL: hide it entirely
        }
        return "****";
    }
}
