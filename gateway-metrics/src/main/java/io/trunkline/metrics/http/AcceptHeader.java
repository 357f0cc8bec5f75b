package io.trunkline.metrics.http;

import java.util.Locale;

/**
 * Content negotiation for pages that also answer in JSON: whether a request's {@code Accept} header prefers HTML
 * to JSON (RFC 9110 §12.5.1: the most specific matching range gives a type its quality). A browser navigating asks
 * for {@code text/html} first; scripts, {@code curl} and clients that send no header get JSON.
 */
final class AcceptHeader {
    private AcceptHeader() {
    }

    /** Whether {@code accept} (may be null) ranks {@code text/html} above {@code application/json}. */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        return quality(accept, "text", "html") > quality(accept, "application", "json");
    }

    /** The quality the header gives {@code type/subtype}: that of its most specific matching range, else 0. */
    static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double best = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim().toLowerCase(Locale.ROOT);
            int slash = media.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String t = media.substring(0, slash);
            String s = media.substring(slash + 1);
            int specificity;
            if (t.equals(type) && s.equals(subtype)) {
                specificity = 2;
            } else if (t.equals(type) && s.equals("*")) {
                specificity = 1;
            } else if (t.equals("*") && s.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = q(parts);
            }
        }
        return best;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
