package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus text endpoint, read for the few things a soak samples: the sum of a metric's series,
 * and a histogram's cumulative bucket counts (summed over its series), from which percentiles over an interval
 * are taken as the difference of two scrapes.
 */
public final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String text;

    private PrometheusText(String text) {
        this.text = text;
    }

    /** GETs {@code url}; an unreachable endpoint gives an empty scrape. */
    public static PrometheusText scrape(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new PrometheusText(response.statusCode() == 200 ? response.body() : "");
        } catch (IOException e) {
            return new PrometheusText("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PrometheusText("");
        }
    }

    static PrometheusText of(String text) {
        return new PrometheusText(text);
    }

    /** The sum of every series of {@code name} whose labels contain {@code labelFilter} ("" for all). */
    public double sum(String name, String labelFilter) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (matches(line, name, labelFilter)) {
                total += value(line);
            }
        }
        return total;
    }

    /** Cumulative counts by upper bound in seconds ({@code +Inf} as infinity) of histogram {@code name}. */
    public Buckets buckets(String name, String labelFilter) {
        Map<Double, Double> counts = new TreeMap<>();
        String bucket = name + "_bucket";
        for (String line : text.split("\n")) {
            if (!matches(line, bucket, labelFilter)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            if (le < 0) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            counts.merge(upper, value(line), Double::sum);
        }
        return new Buckets(counts);
    }

    private static boolean matches(String line, String name, String labelFilter) {
        if (!line.startsWith(name)) {
            return false;
        }
        int end = name.length();
        if (end >= line.length() || (line.charAt(end) != '{' && line.charAt(end) != ' ')) {
            return false;
        }
        return labelFilter.isEmpty() || line.contains(labelFilter);
    }

    private static double value(String line) {
        String[] parts = line.trim().split("\\s+");
        return Double.parseDouble(parts[parts.length - 1]);
    }

    /** A histogram's cumulative counts by upper bound. */
    public record Buckets(Map<Double, Double> cumulative) {

        /**
         * The {@code q} quantile (0..1) of the observations between {@code earlier} and this scrape, in
         * milliseconds: the upper bound of the bucket it falls in (NaN when nothing was observed).
         */
        public double quantileMillisSince(Buckets earlier, double q) {
            double total = delta(earlier, Double.POSITIVE_INFINITY);
            if (total <= 0) {
                return Double.NaN;
            }
            for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
                if (delta(earlier, e.getKey()) >= q * total) {
                    return e.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Observations between {@code earlier} and this scrape. */
        public double countSince(Buckets earlier) {
            return delta(earlier, Double.POSITIVE_INFINITY);
        }

        private double delta(Buckets earlier, double upper) {
            return cumulative.getOrDefault(upper, 0.0) - earlier.cumulative.getOrDefault(upper, 0.0);
        }
    }
}
