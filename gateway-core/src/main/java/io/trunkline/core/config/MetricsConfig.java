package io.trunkline.core.config;

/**
 * HTTP endpoint for metrics, health and call listings.
 *
 * @param bindAddress address to listen on
 * @param port        HTTP port
 */
public record MetricsConfig(String bindAddress, int port) {

    public static final MetricsConfig DEFAULTS = new MetricsConfig("127.0.0.1", 9464);

    public MetricsConfig {
        Check.notBlank("metrics.bind-address", bindAddress);
        Check.port("metrics.port", port);
    }
}
