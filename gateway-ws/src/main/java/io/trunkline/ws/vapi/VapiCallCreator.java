package io.trunkline.ws.vapi;

import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.ws.transport.Endpoint;
import io.trunkline.ws.transport.EndpointException;
import io.trunkline.ws.transport.EndpointResolver;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates each call on Vapi ({@code POST {baseUrl}/call} with the WebSocket transport) and returns the call's
 * {@code transport.websocketCallUrl} as its endpoint, with Vapi's call {@code id} as the agent call id. Never
 * blocks the caller: the request runs on one shared {@link HttpClient} whose work (including host name lookups)
 * stays on its own daemon threads. Thread-safe; one instance serves all calls.
 *
 * <p>Every request names the gateway in its {@code User-Agent}. Failures complete the stage with an
 * {@link EndpointException}: HTTP 401/403 as UNAUTHORIZED (logged with Vapi's own explanation), 429 as
 * RATE_LIMITED and 5xx as UNAVAILABLE (both with {@code Retry-After}, default
 * {@value VapiResponses#DEFAULT_RETRY_AFTER_SECONDS} s), no answer within the request timeout as TIMEOUT, and an
 * answer without a usable {@code websocketCallUrl} as UNAVAILABLE. The API key and the WebSocket URL are never
 * logged.
 */
public final class VapiCallCreator implements EndpointResolver {

    private static final Logger LOG = LoggerFactory.getLogger(VapiCallCreator.class);
    /** A created call is a few kilobytes of JSON; anything far larger is not an answer worth reading. */
    private static final int MAX_RESPONSE_BYTES = 256 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final VapiSettings settings;
    private final URI callUri;
    private final Executor executor;
    private final HttpClient client;
    private final LogLimiter logGate = new LogLimiter(10_000, 5);

    /** A creator with its own HTTP client and (daemon, idle-expiring) threads. */
    public VapiCallCreator(VapiSettings settings) {
        this(settings, newExecutor());
    }

    VapiCallCreator(VapiSettings settings, Executor executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.callUri = callUri(settings.baseUrl());
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The settings this creator uses. */
    public VapiSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Endpoint> resolve(AgentSession session) {
        CompletableFuture<Endpoint> result = new CompletableFuture<>();
        HttpRequest request = HttpRequest.newBuilder(callUri)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", UserAgent.VALUE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(VapiCallRequest.body(settings, session)))
                .build();
        long started = System.nanoTime();
        long timeoutMillis = settings.requestTimeout().toMillis();
        try {
            // sendAsync may look the host up on the calling thread, which must never be an event loop; and the
            // client hands results to the common pool, so reading them (with a host lookup) is moved to ours.
            executor.execute(() -> client.sendAsync(request, BoundedBody.handler(MAX_RESPONSE_BYTES))
                    .whenCompleteAsync((response, error) -> complete(session, response, error, started, result),
                            executor));
            // The client's own timeout ends at the response headers; this one also covers the body.
            CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS, executor)
                    .execute(() -> onTimeout(session, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new EndpointException(
                    AgentFailure.of(Kind.UNAVAILABLE, "Vapi client is shut down")));
        }
        return result;
    }

    private void complete(AgentSession session, HttpResponse<byte[]> response, Throwable error, long started,
            CompletableFuture<Endpoint> result) {
        if (result.isDone()) {
            return;
        }
        try {
            if (error != null) {
                result.completeExceptionally(new EndpointException(forError(session, unwrap(error))));
            } else if (response.statusCode() / 100 == 2) {
                Endpoint endpoint = created(session, response.body());
                LOG.debug("call {}: Vapi call {} created in {} ms", session.callId(), endpoint.agentCallId(),
                        (System.nanoTime() - started) / 1_000_000);
                result.complete(endpoint);
            } else {
                result.completeExceptionally(new EndpointException(refused(session, response)));
            }
        } catch (EndpointException e) {
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            warn(session, "unexpected error reading Vapi's answer: " + e.getClass().getSimpleName());
            result.completeExceptionally(new EndpointException(
                    AgentFailure.of(Kind.UNAVAILABLE, "unreadable Vapi answer: " + e.getClass().getSimpleName())));
        }
    }

    /** The endpoint of a created call, with its host looked up here so the connect on the event loop need not. */
    private Endpoint created(AgentSession session, byte[] body) {
        Endpoint endpoint;
        try {
            endpoint = VapiResponses.endpoint(body);
        } catch (EndpointException e) {
            warn(session, e.failure().message());
            throw e;
        }
        try {
            // Fills the JDK's name cache, which the connector's resolver then answers from without blocking.
            InetAddress.getAllByName(host(endpoint.uri()));
        } catch (UnknownHostException e) {
            warn(session, "Vapi's WebSocket host was not found");
            throw new EndpointException(AgentFailure.of(Kind.UNAVAILABLE, "Vapi WebSocket host not found"));
        }
        return endpoint;
    }

    private AgentFailure refused(AgentSession session, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        AgentFailure failure = VapiResponses.failure(status, response.headers().firstValue("Retry-After")
                .orElse(null));
        String why = VapiResponses.explanation(response.body(), settings.apiKey());
        long dropped = logGate.tryAcquire();
        if (dropped < 0) {
            return failure;
        }
        String detail = why.isEmpty() ? " (no explanation in the answer)" : ": " + why;
        if (status == 401) {
            LOG.error("call {}: {}{}; check the configured Vapi private API key{}", session.callId(),
                    failure.message(), detail, LogLimiter.dropped(dropped));
        } else if (failure.kind() == Kind.RATE_LIMITED || status >= 500) {
            LOG.warn("call {}: {}{}, retry after {} s{}", session.callId(), failure.message(), detail,
                    failure.retryAfterSeconds(), LogLimiter.dropped(dropped));
        } else {
            // 403 may come from the key's permissions or from an edge in front of the API: Vapi's own words say
            // which. Other 4xx answers mean the request itself was refused (e.g. an unknown assistant).
            LOG.error("call {}: {}{}{}", session.callId(), failure.message(), detail, LogLimiter.dropped(dropped));
        }
        return failure;
    }

    private AgentFailure forError(AgentSession session, Throwable cause) {
        AgentFailure failure;
        if (cause instanceof HttpTimeoutException) {
            failure = timedOut();
        } else if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause.getCause() instanceof UnknownHostException) {
            failure = AgentFailure.of(Kind.UNAVAILABLE, "cannot connect to the Vapi API");
        } else {
            // Resets, TLS failures, an oversized answer: the class says enough; messages may quote the URL.
            failure = AgentFailure.of(Kind.UNAVAILABLE, "Vapi request failed: " + cause.getClass().getSimpleName());
        }
        warn(session, failure.message());
        return failure;
    }

    private void onTimeout(AgentSession session, CompletableFuture<Endpoint> result) {
        AgentFailure failure = timedOut();
        if (result.completeExceptionally(new EndpointException(failure))) {
            warn(session, failure.message());
        }
    }

    private AgentFailure timedOut() {
        return AgentFailure.of(Kind.TIMEOUT, "Vapi POST /call got no answer within "
                + settings.requestTimeout().toMillis() + " ms");
    }

    /** Logs a failure, rate-limited; {@code message} is a failure message, which never holds secrets. */
    private void warn(AgentSession session, String message) {
        long dropped = logGate.tryAcquire();
        if (dropped >= 0) {
            LOG.warn("call {}: {}{}", session.callId(), message, LogLimiter.dropped(dropped));
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static URI callUri(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/call");
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static ExecutorService newExecutor() {
        // Threads are only busy while a request is in flight, so their number follows the calls being set up.
        return Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "vapi-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
