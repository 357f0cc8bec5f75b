package io.trunkline.metrics.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The self-contained dashboard page (HTML, CSS and script in one file; nothing loaded from elsewhere). */
final class DashboardPage {

    private static final String RESOURCE = "dashboard.html";

    private DashboardPage() {
    }

    static byte[] load() {
        try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
