package io.trunkline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.OutboundRequest;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON bodies the API takes, read strictly: a body that is not one JSON object, a missing or mistyped field and
 * an unknown field are refused with {@code 400} naming the field; a body over {@value #MAX_BODY_BYTES} bytes with
 * {@code 413}; a declared content type other than JSON with {@code 415}.
 */
final class RequestBodies {
    /** The largest body read. */
    static final int MAX_BODY_BYTES = 8 * 1024;
    /** The longest number, URI or route name taken. */
    static final int MAX_TEXT = 256;
    /** Metadata entries taken, and the longest key and value. */
    static final int MAX_METADATA = 32;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestBodies() {
    }

    /** {@code POST /v1/calls}: {@code {"to", "from"?, "route"?, "metadata"?}}. */
    static OutboundRequest place(FullHttpRequest request) throws ApiException {
        JsonNode body = object(request, Set.of("to", "from", "route", "metadata"));
        return new OutboundRequest(text(body, "to", true), text(body, "from", false), text(body, "route", false),
                metadata(body));
    }

    /** {@code POST /v1/calls/{id}/dtmf}: {@code {"digits"}}; the digits are checked by the caller. */
    static String dtmf(FullHttpRequest request) throws ApiException {
        return text(object(request, Set.of("digits")), "digits", true);
    }

    /** A transfer: where to, and how ({@code mode} null: the configured way). */
    record Transfer(TransferRequest request, TransferMode mode) {
    }

    /** {@code POST /v1/calls/{id}/transfer}: {@code {"to", "mode"?}} with mode {@code refer} or {@code bridge}. */
    static Transfer transfer(FullHttpRequest request) throws ApiException {
        JsonNode body = object(request, Set.of("to", "mode"));
        String to = text(body, "to", true);
        String mode = text(body, "mode", false);
        TransferMode parsed = null;
        if (mode != null) {
            parsed = switch (mode.toLowerCase(Locale.ROOT)) {
                case "refer" -> TransferMode.REFER;
                case "bridge" -> TransferMode.BRIDGE;
                default -> throw ApiException.badRequest("mode: \"refer\" or \"bridge\"");
            };
        }
        return new Transfer(new TransferRequest(to, "requested through the API"), parsed);
    }

    private static JsonNode object(FullHttpRequest request, Set<String> fields) throws ApiException {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
            throw new ApiException(415, "the body must be JSON (Content-Type: application/json)");
        }
        ByteBuf content = request.content();
        if (content.readableBytes() > MAX_BODY_BYTES) {
            throw new ApiException(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (!content.isReadable()) {
            throw ApiException.badRequest("a JSON object is required");
        }
        JsonNode body;
        try {
            body = READER.readTree(new ByteBufInputStream(content.duplicate()));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON"
                    + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("a JSON object is required");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiException.badRequest(clip(name) + ": unknown field");
            }
        }
        return body;
    }

    private static String text(JsonNode body, String field, boolean required) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + ": required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field + ": a string");
        }
        String value = node.textValue().trim();
        if (value.isEmpty()) {
            throw ApiException.badRequest(field + ": must not be empty");
        }
        if (value.length() > MAX_TEXT) {
            throw ApiException.badRequest(field + ": at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static Map<String, String> metadata(JsonNode body) throws ApiException {
        JsonNode node = body.get("metadata");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("metadata: an object of strings");
        }
        if (node.size() > MAX_METADATA) {
            throw ApiException.badRequest("metadata: at most " + MAX_METADATA + " entries");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY) {
                throw ApiException.badRequest("metadata: keys of 1 to " + MAX_METADATA_KEY + " characters");
            }
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw ApiException.badRequest("metadata." + clip(key) + ": a string, number or boolean");
            }
            String text = value.asText();
            if (text.length() > MAX_METADATA_VALUE) {
                throw ApiException.badRequest("metadata." + clip(key) + ": at most " + MAX_METADATA_VALUE
                        + " characters");
            }
            out.put(key, text);
        }
        return out;
    }

    /** A client's text echoed in an error, bounded and printable. */
    static String clip(String text) {
        String bounded = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        StringBuilder out = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.toString();
    }
}
