package io.trunkline.core.config;

/**
 * HTTP endpoint for metrics, health, call listings and the dashboard page.
 *
 * @param bindAddress address to listen on
 * @param port        HTTP port; 0 = any free port (tests)
 * @param enabled     whether the endpoint is served at all
 * @param recentCalls call records kept in memory for {@code /calls} and the dashboard
 */
public record MetricsConfig(String bindAddress, int port, boolean enabled, int recentCalls) {

    public static final MetricsConfig DEFAULTS = new MetricsConfig("127.0.0.1", 9464, true, 200);

    public MetricsConfig {
        Check.notBlank("metrics.bind-address", bindAddress);
        Check.range("metrics.port", port, 0, 65535);
        Check.range("metrics.recent-calls", recentCalls, 1, 100_000);
    }

    /**
     * An endpoint that is described but <em>not served</em>: for embedding and tests that need no HTTP port (and
     * must not collide on one). The meters are still kept; use the canonical constructor to serve them.
     */
    public MetricsConfig(String bindAddress, int port) {
        this(bindAddress, port, false, DEFAULTS.recentCalls());
    }
}
