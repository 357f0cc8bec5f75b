package io.trunkline.core.config;

/**
 * The endpoint on the metrics port where Vapi POSTs an assistant's server messages ({@code vapi.server-path}):
 * {@code phone-call-control} asks the gateway to forward (transfer) or hang up a call it carries. Off while the path
 * is empty. Each request must carry {@code X-Vapi-Secret} equal to the secret in the environment variable named by
 * {@code secretEnv} (the assistant's server secret; never in a file).
 *
 * @param path      the request path, such as {@code /vapi/server}, or empty for no endpoint
 * @param secretEnv NAME of the environment variable holding the secret
 */
public record VapiServerConfig(String path, String secretEnv) {

    public static final VapiServerConfig DEFAULTS = new VapiServerConfig("", "VAPI_SERVER_SECRET");

    public VapiServerConfig {
        path = path == null ? "" : path.trim();
        if (!path.isEmpty() && (!path.startsWith("/") || path.contains("?") || path.contains(" ")
                || path.equals("/") || path.startsWith("/admin") || path.startsWith("/metrics"))) {
            throw new ConfigException("vapi.server-path", "empty, or a path such as /vapi/server", path);
        }
        Check.notBlank("vapi.server-secret-env", secretEnv);
    }

    /** Whether the endpoint is served. */
    public boolean enabled() {
        return !path.isEmpty();
    }
}
