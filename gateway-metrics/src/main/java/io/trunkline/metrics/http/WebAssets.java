package io.trunkline.metrics.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The files the pages load besides themselves, served from the gateway's own jars under {@code /assets/}: the
 * uPlot charting library (its WebJar, {@code org.webjars.npm:uplot}) and the pages' shared script. Nothing a page
 * uses comes from another host. Read once, at start.
 */
final class WebAssets {
    static final String PREFIX = "/assets/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> assets;

    private WebAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    static WebAssets load() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        return new WebAssets(Map.of(
                "/assets/uplot.js", new Asset("text/javascript; charset=utf-8", read(uplot + "uPlot.iife.min.js")),
                "/assets/uplot.css", new Asset("text/css; charset=utf-8", read(uplot + "uPlot.min.css")),
                "/assets/pages.js", new Asset("text/javascript; charset=utf-8",
                        read("io/trunkline/metrics/http/pages.js")),
                "/assets/pages.css", new Asset("text/css; charset=utf-8",
                        read("io/trunkline/metrics/http/pages.css"))));
    }

    /** The asset at {@code path}, or null. */
    byte[] body(String path) {
        Asset a = assets.get(path);
        return a == null ? null : a.body();
    }

    String contentType(String path) {
        return assets.get(path).contentType();
    }

    /** The WebJar's version, from its Maven metadata, so that the version lives in the build file only. */
    private static String uplotVersion() {
        Properties pom = new Properties();
        try (InputStream in = resource(UPLOT_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return in;
    }
}
