package io.trunkline.metrics.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The HTML pages of the HTTP endpoint: the live page ({@code /}) and a call's page ({@code /calls/{id}}). Each is
 * one file; what they share, and the charting library, comes from {@link WebAssets} on the same endpoint. Nothing
 * is loaded from elsewhere.
 */
final class Pages {

    static final String DASHBOARD = "dashboard.html";
    static final String CALL = "call.html";

    private Pages() {
    }

    static byte[] load(String resource) {
        try (InputStream in = Pages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
