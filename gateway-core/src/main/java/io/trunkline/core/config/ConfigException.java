package io.trunkline.core.config;

/** A configuration value is missing or malformed. The message names the key and the expected form. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String expected, Object actual) {
        super(key + ": expected " + expected + ", got '" + actual + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
