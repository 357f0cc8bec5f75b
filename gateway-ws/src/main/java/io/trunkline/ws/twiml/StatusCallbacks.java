package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.TwimlObserver;
import io.trunkline.core.observe.TwimlObserver.CallbackOutcome;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts call progress events to the configured status callback as Twilio does ({@code initiated}, {@code ringing},
 * {@code answered}, {@code completed}, with {@code SequenceNumber}, an RFC 1123 {@code Timestamp} and, when
 * completed, {@code CallDuration}), signed like every request of the gateway's. Never holds a call up: each event
 * goes out asynchronously on an event loop, at most {@code maxPending} at a time (more are dropped and counted),
 * and a failed delivery (no answer, a 5xx or 429) is retried up to {@value #MAX_ATTEMPTS} times with doubling
 * back-off. The address guard keeps the callback off internal addresses unless its host is trusted.
 */
public final class StatusCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);
    static final int MAX_ATTEMPTS = 3;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final WebhookClient client;
    private final URI url;
    private final String method;
    private final String authToken;
    private final Duration timeout;
    private final AddressGuard guard;
    private final int maxPending;
    private final long firstBackoffMillis;
    private final TwimlObserver observer;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final LogLimiter logGate = new LogLimiter(10_000, 5);

    /**
     * @param authToken signs each request, or null
     * @param firstBackoffMillis the wait before the first retry; doubled for each further one
     */
    public StatusCallbacks(WebhookClient client, URI url, String method, String authToken, Duration timeout,
            AddressGuard guard, int maxPending, long firstBackoffMillis) {
        this(client, url, method, authToken, timeout, guard, maxPending, firstBackoffMillis, TwimlObserver.NOOP);
    }

    /** @param observer where the outcome of each attempt is counted */
    public StatusCallbacks(WebhookClient client, URI url, String method, String authToken, Duration timeout,
            AddressGuard guard, int maxPending, long firstBackoffMillis, TwimlObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.client = client;
        this.url = url;
        this.method = method;
        this.authToken = authToken;
        this.timeout = timeout;
        this.guard = guard;
        this.maxPending = maxPending;
        this.firstBackoffMillis = firstBackoffMillis;
    }

    /**
     * Sends one event from {@code loop}: {@code call} holds the call's parameters ({@code CallStatus} included);
     * {@code durationSeconds} is set for {@code completed} only (negative: none).
     */
    public void send(EventLoop loop, Map<String, String> call, int sequence, long durationSeconds) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            observer.statusCallback(CallbackOutcome.FAILED);
            warn("status callback queue full ({} pending): event {} of call {} dropped", maxPending,
                    call.get("CallStatus"), call.get("CallSid"));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>(call);
        params.put("CallbackSource", "call-progress-events");
        params.put("SequenceNumber", Integer.toString(sequence));
        params.put("Timestamp", RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (durationSeconds >= 0) {
            params.put("CallDuration", Long.toString(durationSeconds));
            params.put("Duration", Long.toString((durationSeconds + 59) / 60));
        }
        attempt(loop, new FormRequest(method, url, params), 1);
    }

    /** Events dropped because too many were pending. */
    public int dropped() {
        return dropped.get();
    }

    /** Events given up after every attempt failed. */
    public int failed() {
        return failed.get();
    }

    private void attempt(EventLoop loop, FormRequest request, int attempt) {
        Map<String, String> headers = authToken == null ? Map.of()
                : Map.of(RequestSignature.HEADER, request.signature(authToken));
        client.send(loop, request, headers, timeout, guard).whenComplete((response, error) -> {
            boolean retry;
            String why;
            if (error == null) {
                int s = response.status();
                retry = s >= 500 || s == 429;
                why = "status " + s;
                if (!retry) {
                    pending.decrementAndGet();
                    observer.statusCallback(response.successful() ? CallbackOutcome.DELIVERED
                            : CallbackOutcome.FAILED);
                    if (!response.successful()) {
                        warn("status callback answered {} for call {}", s, request.params().get("CallSid"));
                    }
                    return;
                }
            } else {
                WebhookException e = error instanceof WebhookException w ? w : null;
                retry = e == null || e.kind() != WebhookException.Kind.REFUSED_ADDRESS;
                why = e == null ? error.getClass().getSimpleName() : e.getMessage();
            }
            if (retry && attempt < MAX_ATTEMPTS) {
                long backoff = firstBackoffMillis << (attempt - 1);
                try {
                    loop.schedule(() -> attempt(loop, request, attempt + 1), backoff, TimeUnit.MILLISECONDS);
                    observer.statusCallback(CallbackOutcome.RETRIED);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    why = "event loop shut down";
                }
            }
            pending.decrementAndGet();
            observer.statusCallback(refused(error) ? CallbackOutcome.REFUSED_ADDRESS : CallbackOutcome.FAILED);
            failed.incrementAndGet();
            warn("status callback for call {} ({}) given up after {} attempt(s): {}", request.params().get("CallSid"),
                    request.params().get("CallStatus"), attempt, why);
        });
    }

    private static boolean refused(Throwable error) {
        return error instanceof WebhookException e && e.kind() == WebhookException.Kind.REFUSED_ADDRESS;
    }

    private void warn(String format, Object... args) {
        long skipped = logGate.tryAcquire();
        if (skipped >= 0) {
            LOG.warn(format + LogLimiter.dropped(skipped), args);
        }
    }
}
