package io.trunkline.server;

import io.trunkline.core.config.GatewayConfig;
import io.trunkline.metrics.http.AdminApi;
import io.trunkline.server.config.ConfigLoader;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** What the admin endpoints act on: one drain request (later ones are ignored) and the effective configuration. */
final class AdminActions implements AdminApi {
    private final GatewayConfig config;
    private final Supplier<Runnable> drainRequest;
    private final AtomicBoolean requested = new AtomicBoolean();

    /** @param drainRequest what a drain request runs, looked up when it comes (the embedder may change it) */
    AdminActions(GatewayConfig config, Supplier<Runnable> drainRequest) {
        this.config = Objects.requireNonNull(config, "config");
        this.drainRequest = Objects.requireNonNull(drainRequest, "drainRequest");
    }

    @Override
    public void drain() {
        if (requested.compareAndSet(false, true)) {
            drainRequest.get().run();
        }
    }

    @Override
    public Map<String, Object> effectiveConfig() {
        return ConfigLoader.effective(config);
    }
}
