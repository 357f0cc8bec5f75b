package io.trunkline.core.config;

/**
 * A section of the configuration that only the adapter of one agent platform reads (the {@code vapi} section, for
 * instance). Core carries it from the configuration to the wiring without looking inside: each adapter owns its
 * type. Implementations are immutable and validate their values when built.
 */
public interface AgentOptions {

    /**
     * Checks what only matters when an agent of {@code kind} is in use (an assistant named, say).
     *
     * @throws ConfigException naming the offending key
     */
    void checkFor(String kind);
}
