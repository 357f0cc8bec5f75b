package io.trunkline.server.config;

import io.trunkline.core.config.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Raw key → text values with typed readers whose errors name the key and the expected form. */
final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = values;
    }

    String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("unknown configuration key " + key);
        }
        return v.trim();
    }

    /** The value, or null when it is empty. */
    String optionalText(String key) {
        String v = text(key);
        return v.isEmpty() ? null : v;
    }

    int integer(String key) {
        String v = text(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "an integer", v);
        }
    }

    double decimal(String key) {
        String v = text(key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "a number", v);
        }
    }

    boolean bool(String key) {
        String v = text(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key, "true or false", v);
        };
    }

    /** A duration with its unit; a bare {@code 0} is zero (keys such as {@code calls.max-loop-lag} read it as off). */
    Duration duration(String key) {
        String v = text(key).toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new ConfigException(key, "a duration such as 500ms, 30s, 5m or 4h", v);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    Set<String> list(String key) {
        Set<String> items = new LinkedHashSet<>();
        Arrays.stream(text(key).split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .forEach(items::add);
        return items;
    }

    /** {@code k=v,k2=v2} into an ordered map. */
    Map<String, String> pairs(String key) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String item : text(key).split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(key, "name=value pairs separated by commas", item.trim());
            }
            map.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return map;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String v = text(key);
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            String expected = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .reduce((a, b) -> a + " or " + b).orElse("");
            throw new ConfigException(key, expected, v);
        }
    }
}
