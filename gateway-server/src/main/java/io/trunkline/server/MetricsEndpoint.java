package io.trunkline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.metrics.http.AdminApi;
import io.trunkline.metrics.http.GatewayStatus;
import io.trunkline.metrics.http.HttpEndpoint;
import io.trunkline.metrics.http.MetricsHttpServer;
import java.util.List;

/** Builds the HTTP endpoint ({@code /metrics}, health, dashboard, and the admin endpoints when enabled). */
final class MetricsEndpoint {
    private MetricsEndpoint() {
    }

    /**
     * The started endpoint, or null when {@code metrics.enabled} is off. The admin bearer token comes from the
     * environment variable the configuration names, never from a file. {@code endpoints} are served beside the
     * built-in routes.
     */
    static MetricsHttpServer start(GatewayConfig config, PrometheusMeterRegistry registry, GatewayStatus status,
            AdminApi admin, EnvironmentSecrets secrets, List<HttpEndpoint> endpoints) throws InterruptedException {
        if (!config.metrics().enabled()) {
            if (config.admin().enabled()) {
                throw new ConfigException("admin.enabled", "metrics.enabled: true (the admin endpoints live there)",
                        true);
            }
            return null;
        }
        MetricsHttpServer http = config.admin().enabled()
                ? new MetricsHttpServer(config.metrics().bindAddress(), config.metrics().port(), registry::scrape,
                        status, admin, secrets.require("admin.token-env", config.admin().tokenEnv(),
                                "the admin bearer token"))
                : new MetricsHttpServer(config.metrics().bindAddress(), config.metrics().port(), registry::scrape,
                        status);
        endpoints.forEach(http::add);
        http.start();
        return http;
    }
}
