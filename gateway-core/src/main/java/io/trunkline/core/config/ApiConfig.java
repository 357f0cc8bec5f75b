package io.trunkline.core.config;

import java.util.List;

/**
 * The call-control API on the metrics port ({@code /v1/calls}): served only when the environment variable named
 * here holds a bearer token (every route answers 404 otherwise), and then only to clients that send
 * {@code Authorization: Bearer <token>} from an allowed source.
 *
 * @param tokenEnv       NAME of the environment variable holding the bearer token; by default the admin
 *                       endpoints' variable, so one token serves both
 * @param allowedSources networks (CIDR, or single addresses) allowed to use the API; empty means any source
 */
public record ApiConfig(String tokenEnv, List<String> allowedSources) {

    public static final ApiConfig DEFAULTS = new ApiConfig(AdminConfig.DEFAULTS.tokenEnv(), List.of());

    public ApiConfig {
        Check.notBlank("api.token-env", tokenEnv);
        allowedSources = allowedSources == null ? List.of() : List.copyOf(allowedSources);
    }
}
