package io.trunkline.metrics.http;

import java.util.Map;

/**
 * What the admin endpoints act on. Called on the HTTP thread after the bearer token was checked; implementations
 * return at once (a drain runs on its own thread).
 */
public interface AdminApi {

    /** Starts draining, exactly as SIGTERM does; a drain already under way is left alone. */
    void drain();

    /** The effective configuration keyed like the file, secrets already masked. */
    Map<String, Object> effectiveConfig();
}
