package io.trunkline.ws.twilio;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one message from the agent ({@code media}, {@code mark} or {@code clear}) with a streaming parser: the
 * base64 payload is decoded straight into a buffer reused from message to message, so agent audio makes no garbage
 * beyond the parser itself. Fields may come in any order; fields this format does not define are skipped. A field
 * of the wrong type does not stop the reading: it is noted, and the caller decides whether the event needed it.
 * One instance per stream, loop-confined; the results are valid until the next {@link #read}.
 */
final class StreamMessageReader {

    private static final JsonFactory JSON = new JsonFactory();
    /** Standard base64; padding is accepted but not required, as some agents leave it out. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private final Payload payload = new Payload();
    private String event;
    private boolean eventPresent;
    private String streamSid;
    private String markName;
    private boolean hasPayload;
    private String problem;
    private String mediaProblem;
    private String markProblem;
    private boolean truncated;

    /**
     * Parses one message. The buffer is borrowed.
     *
     * @return false when it is not one JSON object (see {@link #problem()})
     */
    boolean read(ByteBuf utf8) {
        event = null;
        eventPresent = false;
        streamSid = null;
        markName = null;
        hasPayload = false;
        problem = null;
        mediaProblem = null;
        markProblem = null;
        truncated = false;
        payload.reset();
        try (JsonParser p = parser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problem = "not a JSON object";
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event" -> {
                        eventPresent = true;
                        event = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "streamSid" -> {
                        streamSid = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "media" -> {
                        if (!readMedia(p, value)) {
                            // The parser stopped inside a string: nothing after it can be read.
                            truncated = true;
                            return true;
                        }
                    }
                    case "mark" -> readMark(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                problem = "content after the JSON object";
                return false;
            }
            return true;
        } catch (JsonProcessingException e) {
            problem = "invalid JSON" + (e.getLocation() != null ? " at " + e.getLocation().offsetDescription() : "");
            return false;
        } catch (IOException e) {
            problem = "unreadable JSON: " + e.getClass().getSimpleName();
            return false;
        }
    }

    /** Why the last message was not one JSON object; null when it was. */
    String problem() {
        return problem;
    }

    /** Whether reading stopped early at a broken {@code media.payload}; the fields after it are unknown. */
    boolean truncated() {
        return truncated;
    }

    /** Whether the message had an {@code event} field, of whatever type. */
    boolean eventPresent() {
        return eventPresent;
    }

    /** {@code event}, or null when absent or not a string. */
    String event() {
        return event;
    }

    /** {@code streamSid}, or null when absent or not a string. */
    String streamSid() {
        return streamSid;
    }

    /** {@code mark.name}, or null when absent or not a string. */
    String markName() {
        return markName;
    }

    /** Whether the message had a valid {@code media.payload}. */
    boolean hasPayload() {
        return hasPayload;
    }

    /** What was wrong with {@code media}, or null. */
    String mediaProblem() {
        return mediaProblem;
    }

    /** What was wrong with {@code mark}, or null. */
    String markProblem() {
        return markProblem;
    }

    /** The decoded {@code media.payload}; borrowed, valid until the next {@link #read}. */
    ByteBuffer payload() {
        return payload.view();
    }

    private static JsonParser parser(ByteBuf utf8) throws IOException {
        if (utf8.hasArray()) {
            return JSON.createParser(utf8.array(), utf8.arrayOffset() + utf8.readerIndex(), utf8.readableBytes());
        }
        return JSON.createParser((InputStream) new ByteBufInputStream(utf8.duplicate()));
    }

    /** Reads {@code media}; false when the parser cannot go on (a payload that is not base64). */
    private boolean readMedia(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            mediaProblem = "\"media\" is not an object";
            p.skipChildren();
            return true;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (!field.equals("payload")) {
                p.skipChildren();
            } else if (v != JsonToken.VALUE_STRING) {
                mediaProblem = "\"media.payload\" is not a string";
                p.skipChildren();
            } else {
                payload.reset();
                try {
                    p.readBinaryValue(BASE64, payload);
                    hasPayload = true;
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    // Jackson reports a bad base64 character as an IllegalArgumentException.
                    mediaProblem = "\"media.payload\" is not base64";
                    payload.reset();
                    return false;
                }
            }
        }
        return true;
    }

    private void readMark(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            markProblem = "\"mark\" is not an object";
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("name") && v == JsonToken.VALUE_STRING) {
                markName = p.getText();
            } else if (field.equals("name")) {
                markProblem = "\"mark.name\" is not a string";
                p.skipChildren();
            } else {
                p.skipChildren();
            }
        }
    }

    /** A growable byte array reused for every payload, with a reusable view. */
    private static final class Payload extends OutputStream {
        private byte[] bytes = new byte[1024];
        private int size;
        private ByteBuffer view = ByteBuffer.wrap(bytes);

        void reset() {
            size = 0;
        }

        ByteBuffer view() {
            view.clear().limit(size);
            return view;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                // Bounded by the connection's largest accepted message.
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
                view = ByteBuffer.wrap(bytes);
            }
        }
    }
}
