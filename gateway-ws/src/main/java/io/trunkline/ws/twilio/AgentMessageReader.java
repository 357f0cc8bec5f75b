package io.trunkline.ws.twilio;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.trunkline.ws.AgentProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one message from the agent ({@code media}, {@code mark} or {@code clear}) with a streaming parser: the
 * base64 payload is decoded straight into a buffer reused from message to message, so agent audio makes no garbage
 * beyond the parser itself. Fields may come in any order; fields this format does not define are skipped. One
 * instance per stream, loop-confined; the results are valid until the next {@link #read}.
 */
final class AgentMessageReader {

    private static final JsonFactory JSON = new JsonFactory();
    /** Standard base64; padding is accepted but not required, as some agents leave it out. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private final Payload payload = new Payload();
    private String event;
    private String streamSid;
    private String markName;
    private boolean hasPayload;

    /**
     * Parses one message. The buffer is borrowed.
     *
     * @throws AgentProtocolException when it is not a JSON object, a known field has the wrong type, or the payload
     *                                is not base64
     */
    void read(ByteBuf utf8) throws AgentProtocolException {
        event = null;
        streamSid = null;
        markName = null;
        hasPayload = false;
        payload.reset();
        try (JsonParser p = parser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AgentProtocolException("message is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event" -> event = text(p, value, "event");
                    case "streamSid" -> streamSid = text(p, value, "streamSid");
                    case "media" -> readMedia(p, value);
                    case "mark" -> readMark(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new AgentProtocolException("content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? " at " + e.getLocation().offsetDescription() : "";
            throw new AgentProtocolException("invalid JSON" + where);
        } catch (IOException e) {
            throw new AgentProtocolException("unreadable JSON: " + e.getClass().getSimpleName());
        }
    }

    /** {@code event}, or null when absent. */
    String event() {
        return event;
    }

    /** {@code streamSid}, or null when absent. */
    String streamSid() {
        return streamSid;
    }

    /** {@code mark.name}, or null when absent. */
    String markName() {
        return markName;
    }

    /** Whether the message had a {@code media.payload}. */
    boolean hasPayload() {
        return hasPayload;
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

    private void readMedia(JsonParser p, JsonToken value) throws IOException, AgentProtocolException {
        expectObject(value, "media");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("payload")) {
                if (v != JsonToken.VALUE_STRING) {
                    throw new AgentProtocolException("\"media.payload\" must be a string");
                }
                payload.reset();
                try {
                    p.readBinaryValue(BASE64, payload);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    // Jackson reports a bad base64 character as an IllegalArgumentException.
                    throw new AgentProtocolException("\"media.payload\" is not base64");
                }
                hasPayload = true;
            } else {
                p.skipChildren();
            }
        }
    }

    private void readMark(JsonParser p, JsonToken value) throws IOException, AgentProtocolException {
        expectObject(value, "mark");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("name")) {
                markName = text(p, v, "mark.name");
            } else {
                p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException,
            AgentProtocolException {
        if (value != JsonToken.VALUE_STRING) {
            throw new AgentProtocolException("\"" + field + "\" must be a string");
        }
        return p.getText();
    }

    private static void expectObject(JsonToken value, String field) throws AgentProtocolException {
        if (value != JsonToken.START_OBJECT) {
            throw new AgentProtocolException("\"" + field + "\" must be an object");
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
