package io.trunkline.metrics.records;

import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallRecordSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each call record as JSON to a webhook, signed ({@link WebhookSignature}), on its own thread. {@link #accept}
 * never blocks: at most {@code capacity} records wait or are being retried at any time, and a record beyond that is
 * dropped and counted. A delivery that fails with an I/O error, a timeout, 429 or a 5xx is retried with exponential
 * backoff (0.5 s, 1 s, 2 s, … capped at 30 s) up to {@code maxAttempts} attempts; another 4xx is final.
 */
public final class WebhookSink implements CallRecordSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** Told about each delivery outcome, for metrics. */
    public interface Listener {
        Listener NONE = result -> { };

        /** {@code result}: delivered, retried, failed or dropped. */
        void onResult(String result);
    }

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final int maxAttempts;
    private final int capacity;
    private final Listener listener;
    private final HttpClient client;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param url         where records are POSTed (treated as a secret: never logged beyond its host)
     * @param secret      the HMAC key
     * @param timeout     per attempt, connect to response
     * @param maxAttempts attempts per record, the first included
     * @param capacity    records waiting or being retried at most
     */
    public WebhookSink(URI url, byte[] secret, Duration timeout, int maxAttempts, int capacity, Listener listener) {
        this.url = url;
        this.secret = secret.clone();
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.capacity = Math.max(1, capacity);
        this.listener = listener;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "call-record-webhook");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void accept(CallRecord record) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            listener.onResult("dropped");
            LOG.warn("record webhook queue full: record of {} not sent", record.callId());
            return;
        }
        try {
            executor.execute(() -> attempt(record.callId(), CallRecordJson.toJson(record), 1));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            listener.onResult("dropped");
        }
    }

    private void attempt(String callId, String body, int attempt) {
        boolean retry;
        String problem;
        try {
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                finish("delivered");
                return;
            }
            retry = status == 429 || status >= 500;
            problem = "HTTP " + status;
        } catch (IOException e) {
            retry = true;
            problem = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish("dropped");
            return;
        }
        if (retry && attempt < maxAttempts) {
            if (executor.isShutdown()) {
                finish("dropped"); // would have been retried, but the gateway is stopping
                return;
            }
            listener.onResult("retried");
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(20, attempt - 1));
            try {
                executor.schedule(() -> attempt(callId, body, attempt + 1), backoff, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish("dropped");
                return;
            }
        }
        LOG.warn("record webhook to {} gave up on {} after {} attempt(s): {}", url.getHost(), callId, attempt,
                problem);
        finish("failed");
    }

    private void finish(String result) {
        // After close() counted what was left as dropped, a late outcome is not counted twice.
        if (pending.getAndUpdate(p -> p > 0 ? p - 1 : 0) > 0) {
            listener.onResult(result);
        }
    }

    /** Records waiting or being retried. */
    public int pending() {
        return pending.get();
    }

    /** Lets deliveries in progress finish for up to {@code wait}; retries not yet due are dropped. */
    public void close(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int dropped = pending.getAndSet(0);
        for (int i = 0; i < dropped; i++) {
            listener.onResult("dropped");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
