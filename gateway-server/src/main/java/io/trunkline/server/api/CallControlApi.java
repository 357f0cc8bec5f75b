package io.trunkline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.DtmfDigits;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.http.GatewayStatus;
import io.trunkline.metrics.http.HttpEndpoint;
import io.trunkline.metrics.records.CallRecordJson;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call-control API under {@code /v1/calls} (README, "Call-control API"): list, read, place and hang up calls,
 * send digits, transfer. Guarded by {@link ApiGuard}; every answer is JSON, errors as
 * {@code {"error": "...", "status": N}}. Runs on the HTTP event loop: {@link CallControl} returns at once and the
 * listings are snapshots, so nothing here blocks.
 */
public final class CallControlApi implements HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CallControlApi.class);
    private static final String JSON = "application/json; charset=utf-8";

    /** Told how each request was answered (metrics). Called on the HTTP loop: must not block. */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = (action, status) -> { };

        /**
         * A request for {@code action} ({@code list}, {@code read}, {@code place}, {@code hangup}, {@code dtmf},
         * {@code transfer}, or {@code other} for paths and methods the API does not serve) got {@code status}.
         */
        void answered(String action, int status);
    }

    private final CallControl control;
    private final GatewayStatus calls;
    private final ApiGuard guard;
    private final Observer observer;
    private final ObjectMapper mapper = CallRecordJson.mapper();
    private final CallViews views = new CallViews(mapper);
    private final LogLimiter refusals = new LogLimiter(10_000, 5);

    private CallControlApi(CallControl control, GatewayStatus calls, ApiGuard guard, Observer observer) {
        this.control = Objects.requireNonNull(control, "control");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.guard = guard;
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * The API acting on {@code control}, listing from {@code calls}, for clients holding {@code token} (null or
     * blank: the API is off and answers 404) from {@code allowedSources} (CIDRs; empty: any source).
     *
     * @throws io.trunkline.core.config.ConfigException naming {@code api.allowed-sources} when an entry is not a
     *                                                  CIDR
     */
    public static CallControlApi create(CallControl control, GatewayStatus calls, String token,
            List<String> allowedSources) {
        return create(control, calls, token, allowedSources, Observer.NONE);
    }

    /** As {@link #create(CallControl, GatewayStatus, String, List)}, telling {@code observer} every answer. */
    public static CallControlApi create(CallControl control, GatewayStatus calls, String token,
            List<String> allowedSources, Observer observer) {
        return new CallControlApi(control, calls, ApiGuard.of(token, allowedSources), observer);
    }

    /** Whether the API is served (a token is configured). */
    public boolean enabled() {
        return guard.enabled();
    }

    @Override
    public boolean serves(String path) {
        return ApiPath.under(path);
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request, String path) {
        return handle(request, path, null);
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request, String path, InetSocketAddress remote) {
        ApiPath parsed = ApiPath.parse(path);
        FullHttpResponse response = answer(request, parsed, remote);
        if (guard.enabled()) {
            observer.answered(action(parsed, request.method()), response.status().code());
        }
        return response;
    }

    private FullHttpResponse answer(FullHttpRequest request, ApiPath path, InetSocketAddress remote) {
        switch (guard.check(request.headers().get(HttpHeaderNames.AUTHORIZATION), remote)) {
            case OFF -> {
                return error(404, "not found");
            }
            case FORBIDDEN -> {
                refused(request, remote, "source not allowed");
                return error(403, "this source may not use the API");
            }
            case UNAUTHORIZED -> {
                refused(request, remote, "missing or wrong bearer token");
                FullHttpResponse r = error(401, "a valid bearer token is required");
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"trunkline\"");
                return r;
            }
            case ALLOWED -> {
                return route(request, path);
            }
            default -> throw new IllegalStateException();
        }
    }

    private FullHttpResponse route(FullHttpRequest request, ApiPath path) {
        HttpMethod method = request.method();
        try {
            return switch (path.resource()) {
                case CALLS -> method.equals(HttpMethod.GET) ? list()
                        : method.equals(HttpMethod.POST) ? place(request) : notAllowed(path);
                case CALL -> method.equals(HttpMethod.GET) ? read(path.callId())
                        : method.equals(HttpMethod.DELETE) ? hangup(path.callId()) : notAllowed(path);
                case DTMF -> method.equals(HttpMethod.POST) ? dtmf(request, path.callId()) : notAllowed(path);
                case TRANSFER -> method.equals(HttpMethod.POST) ? transfer(request, path.callId())
                        : notAllowed(path);
                case UNKNOWN -> error(404, "not found");
            };
        } catch (ApiException e) {
            return error(e.status(), e.getMessage());
        } catch (CallControlException e) {
            return refusedByGateway(e, path);
        }
    }

    /** The action a request asks for, for the metrics: a bounded set whatever the path. */
    private static String action(ApiPath path, HttpMethod method) {
        return switch (path.resource()) {
            case CALLS -> method.equals(HttpMethod.GET) ? "list" : method.equals(HttpMethod.POST) ? "place" : "other";
            case CALL -> method.equals(HttpMethod.GET) ? "read" : method.equals(HttpMethod.DELETE) ? "hangup"
                    : "other";
            case DTMF -> method.equals(HttpMethod.POST) ? "dtmf" : "other";
            case TRANSFER -> method.equals(HttpMethod.POST) ? "transfer" : "other";
            case UNKNOWN -> "other";
        };
    }

    private FullHttpResponse list() {
        Instant now = Instant.now();
        ObjectNode body = mapper.createObjectNode();
        ArrayNode active = body.putArray("active");
        for (ActiveCall call : calls.activeCalls()) {
            active.add(views.active(call, now));
        }
        ArrayNode recent = body.putArray("recent");
        List<CallRecord> records = calls.recentRecords();
        for (int i = records.size() - 1; i >= 0; i--) {
            ObjectNode view = views.ended(records.get(i));
            view.remove("record"); // the listing stays short: the record is at /v1/calls/{id}
            recent.add(view);
        }
        return json(200, body);
    }

    private FullHttpResponse read(String id) throws ApiException {
        for (ActiveCall call : calls.activeCalls()) {
            if (call.callId().equals(id) || id.equals(call.sipCallId())) {
                return json(200, views.active(call, Instant.now()));
            }
        }
        CallRecord record = recent(id);
        if (record == null) {
            throw new ApiException(404, "no call " + RequestBodies.clip(id));
        }
        return json(200, views.ended(record));
    }

    private FullHttpResponse place(FullHttpRequest request) throws ApiException, CallControlException {
        String id = control.place(RequestBodies.place(request));
        LOG.info("call {} placed through the API", id);
        FullHttpResponse r = json(201, mapper.createObjectNode().put("id", id).put("state", "placed"));
        r.headers().set(HttpHeaderNames.LOCATION, ApiPath.location(id));
        return r;
    }

    private FullHttpResponse hangup(String id) throws CallControlException {
        control.hangup(id);
        return empty(204);
    }

    private FullHttpResponse dtmf(FullHttpRequest request, String id) throws ApiException, CallControlException {
        String digits;
        try {
            digits = DtmfDigits.check(RequestBodies.dtmf(request));
        } catch (CallControlException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        control.sendDtmf(id, digits);
        return json(202, mapper.createObjectNode().put("id", id).put("digits", digits));
    }

    private FullHttpResponse transfer(FullHttpRequest request, String id) throws ApiException, CallControlException {
        RequestBodies.Transfer transfer = RequestBodies.transfer(request);
        control.transfer(id, transfer.request(), transfer.mode());
        ObjectNode body = mapper.createObjectNode().put("id", id).put("to", transfer.request().destination());
        if (transfer.mode() != null) {
            body.put("mode", transfer.mode().name().toLowerCase(java.util.Locale.ROOT));
        }
        return json(202, body);
    }

    /**
     * The gateway's refusal as its status; a call that is not active but still among the recent records has
     * ended, which is a conflict rather than an unknown call.
     */
    private FullHttpResponse refusedByGateway(CallControlException e, ApiPath path) {
        if (e.kind() == CallControlException.Kind.NOT_FOUND && path.callId() != null && recent(path.callId()) != null) {
            return error(409, "the call has ended");
        }
        return error(e.kind().httpStatus(), e.getMessage());
    }

    private CallRecord recent(String id) {
        List<CallRecord> records = calls.recentRecords();
        for (int i = records.size() - 1; i >= 0; i--) {
            CallRecord r = records.get(i);
            if (r.callId().equals(id) || (r.parties() != null && id.equals(r.parties().sipCallId()))) {
                return r;
            }
        }
        return null;
    }

    private FullHttpResponse notAllowed(ApiPath path) {
        FullHttpResponse r = error(405, "method not allowed");
        r.headers().set(HttpHeaderNames.ALLOW, path.resource().allow());
        return r;
    }

    private void refused(FullHttpRequest request, InetSocketAddress remote, String why) {
        long dropped = refusals.tryAcquire();
        if (dropped >= 0) {
            LOG.warn("call-control API refused {} {} from {}: {}{}", request.method(),
                    RequestBodies.clip(request.uri()), remote == null ? "?" : remote.getAddress().getHostAddress(),
                    why, LogLimiter.dropped(dropped));
        }
    }

    private FullHttpResponse error(int status, String message) {
        return json(status, mapper.createObjectNode().put("error", message).put("status", status));
    }

    private FullHttpResponse json(int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API body not serialisable", e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    private static FullHttpResponse empty(int status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }
}
