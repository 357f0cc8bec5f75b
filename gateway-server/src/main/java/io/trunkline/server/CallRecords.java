package io.trunkline.server;

import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallRecordSink;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.history.CallHistory;
import io.trunkline.metrics.records.JsonLinesRecordSink;
import io.trunkline.metrics.records.WebhookSink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where every finished call's record goes: the JSON-lines file and log (with the recent records the dashboard
 * shows), the minute-by-minute history of the live page's charts, the webhook when one is configured, and the
 * embedding tap. Called on call loops: nothing here blocks.
 */
final class CallRecords implements CallRecordSink {
    private static final long MEGABYTE = 1024L * 1024;

    private final JsonLinesRecordSink file;
    private final WebhookSink webhook;
    private final CallRecordSink tap;
    private final AtomicLong ended = new AtomicLong();
    private final CallHistory history = new CallHistory(Clock.systemUTC());

    /** The webhook's signing secret comes from the environment, never a file. */
    CallRecords(RecordsConfig config, int recentCalls, GatewayMeters meters, EnvironmentSecrets secrets,
            CallRecordSink tap) throws IOException {
        this.tap = tap;
        this.file = new JsonLinesRecordSink(config.file().isEmpty() ? null : Path.of(config.file()),
                config.maxFileMb() * MEGABYTE, config.maxFiles(), recentCalls, new JsonLinesRecordSink.Listener() {
                    @Override
                    public void written() {
                        meters.recordsWritten().increment();
                    }

                    @Override
                    public void dropped(String reason) {
                        meters.recordsDropped(reason).increment();
                    }
                });
        WebhookSink hook = null;
        try {
            if (config.hasWebhook()) {
                String secret = secrets.require("records.webhook-secret-env", config.webhookSecretEnv(),
                        "the webhook signing secret");
                hook = new WebhookSink(URI.create(config.webhookUrl()), secret.getBytes(StandardCharsets.UTF_8),
                        config.webhookTimeout(), config.webhookMaxAttempts(), config.webhookQueue(),
                        result -> meters.recordsWebhook(result).increment());
            }
        } catch (RuntimeException e) {
            file.close(Duration.ofSeconds(5));
            throw e;
        }
        this.webhook = hook;
    }

    @Override
    public void accept(CallRecord record) {
        ended.incrementAndGet();
        history.add(record);
        file.accept(record);
        if (webhook != null) {
            webhook.accept(record);
        }
        tap.accept(record);
    }

    /** The file sink, which also keeps the most recent records. */
    JsonLinesRecordSink file() {
        return file;
    }

    /** The last hour minute by minute, for the live page's charts. */
    CallHistory history() {
        return history;
    }

    /** Calls ended since start. */
    long ended() {
        return ended.get();
    }

    /** Writes what is queued, waiting up to five seconds for each sink. */
    void close() {
        file.close(Duration.ofSeconds(5));
        if (webhook != null) {
            webhook.close(Duration.ofSeconds(5));
        }
    }
}
