package io.trunkline.core.config;

/**
 * Where call records are written.
 *
 * @param file JSON-lines file, one record per line; empty = log only
 */
public record RecordsConfig(String file) {

    public static final RecordsConfig DEFAULTS = new RecordsConfig("records/calls.jsonl");

    public RecordsConfig {
        file = file == null ? "" : file;
    }
}
