package io.trunkline.core.config;

import java.time.Duration;

/** Validation helpers for configuration records; each failure names the configuration key. */
public final class Check {
    private Check() {
    }

    public static int port(String key, int value) {
        return range(key, value, 1, 65535);
    }

    public static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "an integer from " + min + " to " + max, value);
        }
        return value;
    }

    public static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key, "a positive duration such as 5s or 500ms", value);
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "a non-empty string", value);
        }
        return value;
    }
}
