package io.trunkline.ws.vapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.audio.AudioFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the gateway reaches Vapi: the REST API that creates each call and the assistant that answers it. Immutable
 * and validated on construction; {@link #toString()} never shows the API key or the transient assistant (which may
 * hold credentials of its own).
 *
 * <pre>{@code
 * VapiSettings vapi = VapiSettings.builder(System.getenv("VAPI_PRIVATE_KEY"))
 *         .assistantId("5b0a4a08-133c-4146-9315-0984f8c6be80")
 *         .format(AudioFormat.PCMU_8K)
 *         .build();
 * }</pre>
 *
 * @param baseUrl             the API root, {@code https://api.vapi.ai} by default; {@code POST {baseUrl}/call}
 *                            creates each call
 * @param apiKey              the private API key itself, sent as {@code Authorization: Bearer}; never logged
 * @param assistantId         the saved assistant to use, or null when {@code assistant} is given
 * @param assistant           a transient assistant as JSON object text, or null when {@code assistantId} is given
 * @param format              the audio format on the socket: {@link AudioFormat#PCM16_16K} ({@code pcm_s16le},
 *                            Vapi's default) or {@link AudioFormat#PCMU_8K} ({@code mulaw})
 * @param dtmfMessageTemplate the JSON message sent when the caller presses a key, with {@value #DIGIT_PLACEHOLDER}
 *                            standing for the digit (the transport has no DTMF message of its own)
 * @param endCallMessage      the JSON message sent when the gateway ends the call (caller hang-up, maximum duration,
 *                            RTP inactivity, drain, shutdown), before the socket is closed with 1000
 * @param customParameters    configured name/value pairs added to what the assistant is told about each call
 *                            ({@code assistantOverrides.variableValues} and {@code metadata}); may be empty
 * @param requestTimeout      how long {@code POST /call} may take, response body included
 */
public record VapiSettings(URI baseUrl, String apiKey, String assistantId, String assistant, AudioFormat format,
        String dtmfMessageTemplate, String endCallMessage, Map<String, String> customParameters,
        Duration requestTimeout) {

    /** Vapi's public API. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.vapi.ai");
    /** The placeholder in {@link #dtmfMessageTemplate} that is replaced by the pressed digit. */
    public static final String DIGIT_PLACEHOLDER = "{digit}";
    /**
     * By default a key press becomes a system message in the conversation, and the assistant answers it: Vapi
     * documents {@code add-message} as a live-call control message.
     */
    public static final String DEFAULT_DTMF_TEMPLATE = "{\"type\":\"add-message\",\"message\":{\"role\":\"system\","
            + "\"content\":\"The caller pressed the {digit} key.\"},\"triggerResponseEnabled\":true}";
    /** Vapi's client message that ends the call ({@code ClientInboundMessageEndCall}). */
    public static final String DEFAULT_END_CALL_MESSAGE = "{\"type\":\"end-call\"}";
    /**
     * Shorter than the default agent connect timeout (5 s), which covers this request and the WebSocket
     * handshake together, so that a slow API is reported as such.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(4);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public VapiSettings {
        baseUrl = checkBaseUrl(baseUrl == null ? DEFAULT_BASE_URL : baseUrl);
        apiKey = checkApiKey(apiKey);
        assistantId = blankToNull(assistantId);
        assistant = blankToNull(assistant);
        if ((assistantId == null) == (assistant == null)) {
            throw new IllegalArgumentException("vapi: exactly one of assistantId and assistant is required");
        }
        if (assistant != null) {
            checkJsonObject("vapi assistant", assistant);
        }
        format = format == null ? AudioFormat.PCM16_16K : checkFormat(format);
        dtmfMessageTemplate = checkTemplate(dtmfMessageTemplate == null ? DEFAULT_DTMF_TEMPLATE : dtmfMessageTemplate);
        endCallMessage = endCallMessage == null || endCallMessage.isBlank() ? DEFAULT_END_CALL_MESSAGE
                : endCallMessage.trim();
        checkJsonObject("vapi endCallMessage", endCallMessage);
        customParameters = checkParameters(customParameters);
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("vapi requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** Starts a builder with the defaults; an assistant id or a transient assistant must still be set. */
    public static Builder builder(String apiKey) {
        return new Builder(apiKey);
    }

    /** Whether the agent speaks μ-law at 8 kHz (else PCM16 at 16 kHz). */
    public boolean mulaw() {
        return format == AudioFormat.PCMU_8K;
    }

    @Override
    public String toString() {
        return "VapiSettings[baseUrl=" + baseUrl + ", apiKey=***"
                + (assistantId != null ? ", assistantId=" + assistantId : ", assistant=<transient>")
                + ", format=" + format + ", customParameters=" + customParameters.keySet()
                + ", requestTimeout=" + requestTimeout + "]";
    }

    // ---- validation -----------------------------------------------------------------------------------------

    private static URI checkBaseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("vapi baseUrl must be http:// or https://, was " + scheme + "://");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("vapi baseUrl has no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("vapi baseUrl must not carry user info, a query or a fragment");
        }
        return url;
    }

    private static String checkApiKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("vapi apiKey is required");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            // A header value: no spaces or control characters (they would also allow header injection).
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("vapi apiKey contains whitespace or control characters");
            }
        }
        return key;
    }

    private static AudioFormat checkFormat(AudioFormat format) {
        if (format != AudioFormat.PCM16_16K && format != AudioFormat.PCMU_8K) {
            throw new IllegalArgumentException("vapi speaks PCM16_16K (pcm_s16le) or PCMU_8K (mulaw), not " + format);
        }
        return format;
    }

    private static String checkTemplate(String template) {
        if (!template.contains(DIGIT_PLACEHOLDER)) {
            throw new IllegalArgumentException("vapi dtmfMessageTemplate must contain " + DIGIT_PLACEHOLDER);
        }
        // Every digit is plain ASCII, so one substitution shows whether the result is a JSON object.
        checkJsonObject("vapi dtmfMessageTemplate", template.replace(DIGIT_PLACEHOLDER, "5"));
        return template;
    }

    private static Map<String, String> checkParameters(Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("vapi customParameters need names and values");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void checkJsonObject(String what, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // Not quoting the text: a transient assistant may hold credentials.
            throw new IllegalArgumentException(what + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Builds {@link VapiSettings}; unset values take the defaults. */
    public static final class Builder {
        private final String apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String assistantId;
        private String assistant;
        private AudioFormat format = AudioFormat.PCM16_16K;
        private String dtmfMessageTemplate = DEFAULT_DTMF_TEMPLATE;
        private String endCallMessage = DEFAULT_END_CALL_MESSAGE;
        private Map<String, String> customParameters = Map.of();
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder(String apiKey) {
            this.apiKey = apiKey;
        }

        public Builder baseUrl(URI url) {
            this.baseUrl = Objects.requireNonNull(url, "baseUrl");
            return this;
        }

        /** Use a saved assistant; clears a transient one. */
        public Builder assistantId(String id) {
            this.assistantId = id;
            this.assistant = null;
            return this;
        }

        /** Use a transient assistant given as JSON object text; clears an assistant id. */
        public Builder assistant(String json) {
            this.assistant = json;
            this.assistantId = null;
            return this;
        }

        /** Use a transient assistant given as a JSON tree; clears an assistant id. */
        public Builder assistant(JsonNode json) {
            return assistant(Objects.requireNonNull(json, "assistant").toString());
        }

        public Builder format(AudioFormat format) {
            this.format = format;
            return this;
        }

        public Builder dtmfMessageTemplate(String template) {
            this.dtmfMessageTemplate = template;
            return this;
        }

        public Builder endCallMessage(String message) {
            this.endCallMessage = message;
            return this;
        }

        /**
         * Name/value pairs added to every call's variable values and metadata: they win over an {@code X-} header
         * of the same name, never over the gateway's own facts (call id, parties, Twilio SIDs).
         */
        public Builder customParameters(Map<String, String> parameters) {
            this.customParameters = parameters;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public VapiSettings build() {
            return new VapiSettings(baseUrl, apiKey, assistantId, assistant, format, dtmfMessageTemplate,
                    endCallMessage, customParameters, requestTimeout);
        }
    }
}
