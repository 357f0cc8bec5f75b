package io.trunkline.server;

import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.control.CallControl;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.http.GatewayStatus;
import io.trunkline.server.api.CallControlApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the call-control API from the configuration: its token from the environment, and says whether it is on. */
final class ControlApi {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private ControlApi() {
    }

    /** The API, answering 404 everywhere when the variable {@code api.token-env} names is unset or empty. */
    static CallControlApi create(GatewayConfig config, CallControl control, GatewayStatus status,
            EnvironmentSecrets secrets, GatewayMeters meters) {
        CallControlApi api = CallControlApi.create(control, status, secrets.optional(config.api().tokenEnv()),
                config.api().allowedSources(), (action, code) -> meters.apiRequests(action, code).increment());
        if (!api.enabled()) {
            LOG.info("call-control API off: {} (api.token-env) is not set", config.api().tokenEnv());
        } else if (!config.metrics().enabled()) {
            LOG.warn("call-control API not served: it lives on the metrics port and metrics.enabled is false");
        } else {
            LOG.info("call-control API on /v1/calls, bearer token from {}, sources: {}", config.api().tokenEnv(),
                    config.api().allowedSources().isEmpty() ? "any" : String.join(", ", config.api().allowedSources()));
        }
        return api;
    }
}
