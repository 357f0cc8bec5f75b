package io.trunkline.ws.vapi;

import io.trunkline.core.config.AgentOptions;
import io.trunkline.core.config.Check;
import io.trunkline.core.config.ConfigException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code vapi} section of the configuration: Vapi's REST and assistant settings for {@code agent.kind: vapi},
 * carried in {@link io.trunkline.core.config.AgentConfig#options()}. The wiring turns it into {@link VapiSettings}
 * once the API key has been read from the environment.
 *
 * @param baseUrl        REST base URL; calls are created with {@code POST {baseUrl}/call}
 * @param apiKeyEnv      name of the environment variable holding the private API key (the key itself is never in
 *                       configuration files, logs or records)
 * @param assistantId    the assistant to talk to, or empty when {@code assistantFile} is given
 * @param assistantFile  a JSON file with a transient assistant object, or empty
 * @param audioFormat    {@code pcm_s16le} (16 kHz, transcoded by the gateway) or {@code mulaw} (8 kHz, passed through)
 * @param dtmfMessage    JSON text sent for each key press; {@code {digit}} is replaced by the key
 * @param requestTimeout timeout of the REST call
 * @param endCallMessage JSON text sent when the gateway ends the call, before the socket is closed
 */
public record VapiConfig(
        String baseUrl,
        String apiKeyEnv,
        String assistantId,
        String assistantFile,
        String audioFormat,
        String dtmfMessage,
        Duration requestTimeout,
        String endCallMessage) implements AgentOptions {

    public static final Set<String> AUDIO_FORMATS = Set.of("pcm_s16le", "mulaw");

    public static final String DEFAULT_DTMF_MESSAGE = "{\"type\":\"add-message\",\"message\":{\"role\":\"system\","
            + "\"content\":\"The caller pressed the {digit} key.\"},\"triggerResponseEnabled\":true}";

    /** Vapi's client message that ends the call. */
    public static final String DEFAULT_END_CALL_MESSAGE = "{\"type\":\"end-call\"}";

    public static final VapiConfig DEFAULTS = new VapiConfig("https://api.vapi.ai", "VAPI_API_KEY", "", "",
            "pcm_s16le", DEFAULT_DTMF_MESSAGE, Duration.ofSeconds(5), DEFAULT_END_CALL_MESSAGE);

    public VapiConfig {
        Check.notBlank("vapi.base-url", baseUrl);
        if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
            throw new ConfigException("vapi.base-url", "an http:// or https:// URL", baseUrl);
        }
        Check.notBlank("vapi.api-key-env", apiKeyEnv);
        assistantId = assistantId == null ? "" : assistantId.trim();
        assistantFile = assistantFile == null ? "" : assistantFile.trim();
        if (!AUDIO_FORMATS.contains(audioFormat)) {
            throw new ConfigException("vapi.audio-format", "pcm_s16le or mulaw", audioFormat);
        }
        Check.notBlank("vapi.dtmf-message", dtmfMessage);
        if (!dtmfMessage.contains("{digit}")) {
            throw new ConfigException("vapi.dtmf-message", "JSON text containing {digit}", dtmfMessage);
        }
        Check.positive("vapi.request-timeout", requestTimeout);
        endCallMessage = endCallMessage == null || endCallMessage.isBlank() ? DEFAULT_END_CALL_MESSAGE
                : endCallMessage.trim();
        if (!endCallMessage.startsWith("{") || !endCallMessage.endsWith("}")) {
            throw new ConfigException("vapi.end-call-message", "a JSON object", endCallMessage);
        }
    }

    /** The default end-call message ({@value #DEFAULT_END_CALL_MESSAGE}). */
    public VapiConfig(String baseUrl, String apiKeyEnv, String assistantId, String assistantFile, String audioFormat,
            String dtmfMessage, Duration requestTimeout) {
        this(baseUrl, apiKeyEnv, assistantId, assistantFile, audioFormat, dtmfMessage, requestTimeout,
                DEFAULT_END_CALL_MESSAGE);
    }

    /** A Vapi agent needs exactly one of an assistant id and an assistant file. */
    @Override
    public void checkFor(String kind) {
        if (kind.equals("vapi") && assistantId.isEmpty() == assistantFile.isEmpty()) {
            throw new ConfigException("vapi.assistant-id", "exactly one of vapi.assistant-id and vapi.assistant-file",
                    assistantId.isEmpty() ? "neither" : "both");
        }
    }
}
