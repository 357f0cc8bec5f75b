package io.trunkline.ws.transport;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Maps what went wrong on the way to the agent to an {@link AgentFailure}. Messages never quote URLs, headers or
 * response bodies, which may carry credentials.
 */
final class Failures {

    private static final int MAX_RETRY_AFTER_SECONDS = 3600;

    private Failures() {
    }

    /** The agent answered the upgrade request with something other than {@code 101 Switching Protocols}. */
    static AgentFailure forHandshakeResponse(HttpResponse response) {
        int status = response.status().code();
        String message = "agent refused the WebSocket handshake: HTTP " + status;
        int retryAfter = retryAfterSeconds(response);
        if (status == 401 || status == 403) {
            return new AgentFailure(Kind.UNAUTHORIZED, message, 0);
        }
        if (status == 429) {
            return new AgentFailure(Kind.RATE_LIMITED, message, retryAfter);
        }
        if (status == 101) {
            return AgentFailure.of(Kind.UNAVAILABLE, "agent sent an invalid WebSocket handshake response");
        }
        return new AgentFailure(Kind.UNAVAILABLE, message, retryAfter);
    }

    /** The TCP connection could not be established. */
    static AgentFailure forConnectError(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return AgentFailure.of(Kind.TIMEOUT, "TCP connect timed out");
        }
        if (cause instanceof UnknownHostException) {
            return AgentFailure.of(Kind.UNAVAILABLE, "agent host not found");
        }
        if (cause instanceof ConnectException) {
            return AgentFailure.of(Kind.UNAVAILABLE, "connect failed: " + cause.getMessage());
        }
        return AgentFailure.of(Kind.UNAVAILABLE, "connect failed: " + cause.getClass().getSimpleName());
    }

    /** The endpoint resolver's stage failed. */
    static AgentFailure forResolveError(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof EndpointException failure) {
            return failure.failure();
        }
        return AgentFailure.of(Kind.UNAVAILABLE, "agent endpoint lookup failed: " + cause.getClass().getSimpleName());
    }

    /**
     * What an error raised on an open or opening connection means for the leg.
     *
     * @param failure    what to report
     * @param closeCode  the WebSocket close status to send when the connection is open, or 0 to just close
     * @param unexpected whether the error is not one the transport knows (worth a log line with its stack)
     */
    record ChannelError(AgentFailure failure, int closeCode, boolean unexpected) {
        boolean protocol() {
            return failure.kind() == Kind.PROTOCOL;
        }
    }

    /**
     * Classifies an error on the connection; null when the channel should just close (a reset or a failed write),
     * its end then being reported as the loss of the connection.
     *
     * @param connecting whether the WebSocket handshake is still under way
     */
    static ChannelError forChannelError(Throwable cause, boolean connecting, int maxFrameBytes) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            return new ChannelError(AgentFailure.of(Kind.PROTOCOL, "invalid frame: "
                    + corrupted.closeStatus().reasonText()), corrupted.closeStatus().code(), false);
        }
        if (cause instanceof TooLongFrameException) {
            return new ChannelError(AgentFailure.of(Kind.PROTOCOL, "message larger than " + maxFrameBytes + " bytes"),
                    WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), false);
        }
        if (connecting && hasCause(cause, SSLException.class)) {
            return new ChannelError(AgentFailure.of(Kind.UNAVAILABLE, "TLS handshake failed"), 0, false);
        }
        if (cause instanceof IOException) {
            return null;
        }
        return new ChannelError(AgentFailure.of(connecting ? Kind.UNAVAILABLE : Kind.CONNECTION_LOST,
                "unexpected error: " + cause.getClass().getSimpleName()), WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(),
                true);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Retry-After in seconds (the delta form only; an HTTP date is ignored), capped, or 0. */
    static int retryAfterSeconds(HttpResponse response) {
        String value = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (value == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return (int) Math.max(0, Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
