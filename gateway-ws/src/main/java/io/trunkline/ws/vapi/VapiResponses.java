package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.ws.transport.Endpoint;
import io.trunkline.ws.transport.EndpointException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Vapi's answer to {@code POST /call}. Failure messages name the HTTP status and what was wrong, never the
 * URLs, headers or body that may carry credentials.
 */
final class VapiResponses {

    /** Used when a 429 or 5xx answer gives no usable {@code Retry-After}. */
    static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
    private static final int MAX_RETRY_AFTER_SECONDS = 3600;
    private static final int MAX_ERROR_TEXT = 300;
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:wss?|https?)://\\S+");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VapiResponses() {
    }

    /**
     * The WebSocket endpoint of a created call: {@code transport.websocketCallUrl}, with {@code id} as the agent's
     * call id.
     *
     * @throws EndpointException (UNAVAILABLE) when the body is not the expected JSON
     */
    static Endpoint endpoint(byte[] body) {
        JsonNode call;
        try {
            call = MAPPER.readTree(body);
        } catch (IOException e) {
            throw unavailable("Vapi answered POST /call with invalid JSON");
        }
        if (call == null || !call.isObject()) {
            throw unavailable("Vapi answered POST /call with something other than a JSON object");
        }
        JsonNode url = call.path("transport").path("websocketCallUrl");
        if (!url.isTextual() || url.asText().isBlank()) {
            throw unavailable("Vapi's call has no transport.websocketCallUrl");
        }
        JsonNode id = call.get("id");
        String callId = id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        try {
            // The handshake goes through the same edge as the REST API: it carries the gateway's User-Agent too.
            return new Endpoint(new URI(url.asText()), Map.of("User-Agent", UserAgent.VALUE), callId);
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Neither exception's message may be passed on: both quote the URL.
            throw unavailable("Vapi's transport.websocketCallUrl is not a ws:// or wss:// URL");
        }
    }

    /** The failure for a non-2xx answer. */
    static AgentFailure failure(int status, String retryAfter) {
        return switch (status) {
            case 401 -> new AgentFailure(Kind.UNAUTHORIZED, "Vapi rejected the API key (HTTP 401)", 0);
            // Not necessarily the key: an edge in front of the API answers 403 too (e.g. to a missing User-Agent).
            case 403 -> new AgentFailure(Kind.UNAUTHORIZED, "Vapi refused the request (HTTP 403)", 0);
            case 429 -> new AgentFailure(Kind.RATE_LIMITED, "Vapi rate limit reached (HTTP 429)",
                    retryAfterSeconds(retryAfter, DEFAULT_RETRY_AFTER_SECONDS));
            default -> status >= 500
                    ? new AgentFailure(Kind.UNAVAILABLE, "Vapi server error (HTTP " + status + ")",
                            retryAfterSeconds(retryAfter, DEFAULT_RETRY_AFTER_SECONDS))
                    : new AgentFailure(Kind.UNAVAILABLE, "Vapi refused to create the call (HTTP " + status + ")", 0);
        };
    }

    /**
     * {@code Retry-After} in seconds, as a delay or an HTTP date, capped at an hour; {@code fallback} when absent
     * or unreadable.
     */
    static int retryAfterSeconds(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        try {
            return clamp(Long.parseLong(v));
        } catch (NumberFormatException notDelay) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return clamp(at.toEpochSecond() - System.currentTimeMillis() / 1000);
            } catch (DateTimeParseException notDate) {
                return fallback;
            }
        }
    }

    private static int clamp(long seconds) {
        return (int) Math.max(0, Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
    }

    /**
     * Vapi's own explanation from an error body, for the log: its {@code message} (a string or a list, as NestJS
     * answers), else its {@code error}, else a plain-text body (what an edge in front of the API answers, e.g.
     * {@code error code: 1010}); shortened, with any URL and the API key blanked out. Empty when there is none
     * (or the body is an HTML page).
     */
    static String explanation(byte[] body, String apiKey) {
        String text = jsonExplanation(body);
        if (text == null) {
            text = new String(body, 0, Math.min(body.length, 4 * MAX_ERROR_TEXT), StandardCharsets.UTF_8).strip();
            if (text.startsWith("<") || text.startsWith("{") || text.startsWith("[")) {
                return "";
            }
        }
        if (text.isEmpty()) {
            return "";
        }
        text = URL.matcher(text.replace(apiKey, "***")).replaceAll("<url>");
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
    }

    /** The explanation in a JSON error body; "" when it has none; null when the body is not JSON. */
    private static String jsonExplanation(byte[] body) {
        JsonNode error;
        try {
            error = MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (error == null || !error.isObject()) {
            return error == null ? null : "";
        }
        JsonNode message = error.get("message");
        if (message != null && message.isTextual()) {
            return message.asText();
        }
        if (message != null && message.isArray()) {
            StringBuilder joined = new StringBuilder();
            message.forEach(m -> joined.append(joined.length() > 0 ? "; " : "").append(m.asText()));
            return joined.toString();
        }
        JsonNode other = error.get("error");
        return other != null && other.isTextual() ? other.asText() : "";
    }

    private static EndpointException unavailable(String message) {
        return new EndpointException(AgentFailure.of(Kind.UNAVAILABLE, message));
    }
}
