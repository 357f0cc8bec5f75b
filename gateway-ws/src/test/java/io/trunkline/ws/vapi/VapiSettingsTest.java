package io.trunkline.ws.vapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.audio.AudioFormat;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VapiSettingsTest {

    @Test
    void defaults() {
        VapiSettings s = VapiSettings.builder("sk-secret").assistantId("asst").build();

        assertEquals(URI.create("https://api.vapi.ai"), s.baseUrl());
        assertEquals(AudioFormat.PCM16_16K, s.format());
        assertEquals(VapiSettings.DEFAULT_DTMF_TEMPLATE, s.dtmfMessageTemplate());
        assertEquals(VapiSettings.DEFAULT_REQUEST_TIMEOUT, s.requestTimeout());
        assertEquals("{\"type\":\"end-call\"}", s.endCallMessage());
        assertEquals(Map.of(), s.customParameters());
        assertNull(s.assistant());
        assertFalse(s.mulaw());
    }

    @Test
    void toStringMasksTheKeyAndATransientAssistant() {
        VapiSettings s = VapiSettings.builder("sk-very-secret")
                .assistant("{\"model\":{\"provider\":\"openai\"},\"credentials\":[{\"apiKey\":\"other-secret\"}]}")
                .build();

        String text = s.toString();
        assertFalse(text.contains("sk-very-secret"), text);
        assertFalse(text.contains("other-secret"), text);
        assertTrue(text.contains("apiKey=***"), text);
    }

    @Test
    void exactlyOneAssistantIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> VapiSettings.builder("k").build());
        assertThrows(IllegalArgumentException.class, () -> new VapiSettings(null, "k", "id", "{}", null, null, null, null,
                null));
    }

    @Test
    void aTransientAssistantMayBeGivenAsATree() throws Exception {
        VapiSettings s = VapiSettings.builder("k")
                .assistant(new ObjectMapper().readTree("{\"firstMessage\":\"hi\"}")).build();
        assertEquals("{\"firstMessage\":\"hi\"}", s.assistant());
        assertNull(s.assistantId());
    }

    @Test
    void aTransientAssistantMustBeAJsonObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistant("{\"token\":\"abc\"").build());
        assertFalse(e.getMessage().contains("abc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VapiSettings.builder("k").assistant("[1]").build());
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VapiSettings.builder(" ").assistantId("a").build());
        assertThrows(IllegalArgumentException.class, () -> VapiSettings.builder("a b").assistantId("a").build());
        assertThrows(IllegalArgumentException.class, () -> VapiSettings.builder("k\r\nX: y").assistantId("a").build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").format(AudioFormat.PCMA_8K).build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").format(AudioFormat.PCM16_8K).build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").baseUrl(URI.create("ftp://x")).build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").baseUrl(URI.create("https://x/?a=1")).build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").requestTimeout(Duration.ZERO).build());
    }

    @Test
    void theDtmfTemplateMustHaveThePlaceholderAndBeJson() {
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").dtmfMessageTemplate("{\"type\":\"say\"}").build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").dtmfMessageTemplate("{digit}").build());
        assertEquals("{\"d\":\"{digit}\"}", VapiSettings.builder("k").assistantId("a")
                .dtmfMessageTemplate("{\"d\":\"{digit}\"}").build().dtmfMessageTemplate());
    }

    @Test
    void theEndCallMessageMustBeAJsonObject() {
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").endCallMessage("end-call").build());
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").endCallMessage("[\"end-call\"]").build());
        assertEquals(VapiSettings.DEFAULT_END_CALL_MESSAGE,
                VapiSettings.builder("k").assistantId("a").endCallMessage(" ").build().endCallMessage());
    }

    @Test
    void customParametersNeedNamesAndValuesAndAreNotShownWithTheirValues() {
        Map<String, String> bad = new HashMap<>();
        bad.put("", "x");
        assertThrows(IllegalArgumentException.class,
                () -> VapiSettings.builder("k").assistantId("a").customParameters(bad).build());
        VapiSettings s = VapiSettings.builder("k").assistantId("a").customParameters(Map.of("route", "sales-secret"))
                .build();
        assertEquals(Map.of("route", "sales-secret"), s.customParameters());
        assertFalse(s.toString().contains("sales-secret"), s.toString());
    }
}
