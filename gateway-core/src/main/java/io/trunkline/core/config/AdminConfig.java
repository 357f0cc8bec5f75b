package io.trunkline.core.config;

/**
 * The admin endpoints on the metrics port ({@code POST /admin/drain}, {@code GET /admin/config}): off unless
 * enabled, and then only with {@code Authorization: Bearer <token>}, the token read from the environment variable
 * named here (never from a file).
 *
 * @param enabled   whether the admin endpoints are served (404 when not)
 * @param tokenEnv  NAME of the environment variable holding the bearer token
 */
public record AdminConfig(boolean enabled, String tokenEnv) {

    public static final AdminConfig DEFAULTS = new AdminConfig(false, "TRUNKLINE_ADMIN_TOKEN");

    public AdminConfig {
        Check.notBlank("admin.token-env", tokenEnv);
    }
}
