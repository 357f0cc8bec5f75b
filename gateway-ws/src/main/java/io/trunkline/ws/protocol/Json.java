package io.trunkline.ws.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** JSON control messages straight from and into {@link ByteBuf}s, for the agent protocols. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Writes one JSON message with a streaming generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Parses one message. The buffer is borrowed and its reader index left unchanged.
     *
     * @throws ProtocolException when the content is not a JSON object
     */
    public static JsonNode parseObject(ByteBuf utf8) throws ProtocolException {
        JsonNode node;
        try (InputStream in = new ByteBufInputStream(utf8.duplicate())) {
            node = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? " at " + e.getLocation().offsetDescription() : "";
            throw new ProtocolException("invalid JSON" + where);
        } catch (IOException e) {
            throw new ProtocolException("unreadable JSON: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("message is not a JSON object");
        }
        return node;
    }

    /** Builds one message into a buffer from {@code alloc}; the caller owns the result. */
    public static ByteBuf write(ByteBufAllocator alloc, Writer writer) {
        ByteBuf buf = alloc.buffer(128);
        boolean done = false;
        try (OutputStream out = new ByteBufOutputStream(buf);
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writer.write(g);
            done = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        } finally {
            if (!done) {
                buf.release();
            }
        }
        return buf;
    }
}
