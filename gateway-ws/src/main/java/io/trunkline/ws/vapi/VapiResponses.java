package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.ws.AgentEndpoint;
import io.trunkline.ws.AgentFailureException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
     * @throws AgentFailureException (UNAVAILABLE) when the body is not the expected JSON
     */
    static AgentEndpoint endpoint(byte[] body) {
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
            return new AgentEndpoint(new URI(url.asText()), Map.of(), callId);
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Neither exception's message may be passed on: both quote the URL.
            throw unavailable("Vapi's transport.websocketCallUrl is not a ws:// or wss:// URL");
        }
    }

    /** The failure for a non-2xx answer. */
    static AgentFailure failure(int status, String retryAfter) {
        return switch (status) {
            case 401 -> new AgentFailure(Kind.UNAUTHORIZED, "Vapi rejected the API key (HTTP 401)", 0);
            case 403 -> new AgentFailure(Kind.UNAUTHORIZED, "Vapi refused access with this API key (HTTP 403)", 0);
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
     * Vapi's own explanation from an error body ({@code message}, a string or a list), for the log: shortened,
     * with any URL and the API key blanked out. Empty when there is none.
     */
    static String explanation(byte[] body, String apiKey) {
        JsonNode message;
        try {
            JsonNode error = MAPPER.readTree(body);
            message = error == null ? null : error.get("message");
        } catch (IOException e) {
            return "";
        }
        String text;
        if (message == null) {
            return "";
        } else if (message.isTextual()) {
            text = message.asText();
        } else if (message.isArray()) {
            StringBuilder joined = new StringBuilder();
            message.forEach(m -> joined.append(joined.length() > 0 ? "; " : "").append(m.asText()));
            text = joined.toString();
        } else {
            return "";
        }
        text = URL.matcher(text.replace(apiKey, "***")).replaceAll("<url>");
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
    }

    private static AgentFailureException unavailable(String message) {
        return new AgentFailureException(AgentFailure.of(Kind.UNAVAILABLE, message));
    }
}
