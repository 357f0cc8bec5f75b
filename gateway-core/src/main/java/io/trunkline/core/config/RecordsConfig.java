package io.trunkline.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where call records are written, and what their attribution verdict is judged against.
 *
 * @param file               JSON-lines file, one record per line; empty = log only
 * @param maxFileMb          the file is rotated once it reaches this many megabytes; 0 = never
 * @param maxFiles           rotated files kept ({@code calls.jsonl.1} … {@code calls.jsonl.N})
 * @param webhookUrl         every record is also POSTed here (http or https); empty = no webhook. A secret: it may
 *                           carry tokens
 * @param webhookSecretEnv   the name of the environment variable holding the HMAC-SHA256 signing secret
 * @param webhookTimeout     per delivery attempt
 * @param webhookMaxAttempts attempts per record, with exponential backoff between them
 * @param webhookQueue       records waiting for delivery at most; more are dropped and counted
 * @param attribution        thresholds of the record's attribution verdict
 */
public record RecordsConfig(
        String file,
        int maxFileMb,
        int maxFiles,
        String webhookUrl,
        String webhookSecretEnv,
        Duration webhookTimeout,
        int webhookMaxAttempts,
        int webhookQueue,
        AttributionThresholds attribution) {

    public static final RecordsConfig DEFAULTS = new RecordsConfig("records/calls.jsonl", 100, 10, "",
            "TRUNKLINE_WEBHOOK_SECRET", Duration.ofSeconds(5), 5, 10_000, AttributionThresholds.DEFAULTS);

    public RecordsConfig {
        file = file == null ? "" : file;
        Check.range("records.max-file-mb", maxFileMb, 0, 1_000_000);
        Check.range("records.max-files", maxFiles, 0, 1000);
        webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
        if (!webhookUrl.isEmpty() && !webhookUrl.startsWith("http://") && !webhookUrl.startsWith("https://")) {
            throw new ConfigException("records.webhook-url", "an http:// or https:// URL", "<redacted>");
        }
        if (!webhookUrl.isEmpty()) {
            Check.notBlank("records.webhook-secret-env", webhookSecretEnv);
        }
        webhookSecretEnv = webhookSecretEnv == null ? "" : webhookSecretEnv.trim();
        Check.positive("records.webhook-timeout", webhookTimeout);
        Check.range("records.webhook-max-attempts", webhookMaxAttempts, 1, 100);
        Check.range("records.webhook-queue", webhookQueue, 1, 1_000_000);
        Objects.requireNonNull(attribution, "attribution");
    }

    /** Records to {@code file}, with every other setting at its default. */
    public RecordsConfig(String file) {
        this(file, DEFAULTS.maxFileMb(), DEFAULTS.maxFiles(), DEFAULTS.webhookUrl(), DEFAULTS.webhookSecretEnv(),
                DEFAULTS.webhookTimeout(), DEFAULTS.webhookMaxAttempts(), DEFAULTS.webhookQueue(),
                DEFAULTS.attribution());
    }

    public boolean hasWebhook() {
        return !webhookUrl.isEmpty();
    }
}
