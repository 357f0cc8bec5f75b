package io.trunkline.server.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.metrics.http.HttpEndpoint;
import io.trunkline.ws.vapi.VapiDestination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Vapi POSTs an assistant's server messages ({@code {"message":{…}}}) when the assistant's server URL points
 * at the gateway. With the WebSocket transport Vapi does not own the phone call, so {@code phone-call-control} (sent
 * when the assistant's {@code serverMessages} lists it) is the gateway's to carry out: {@code forward} transfers
 * the caller to {@code destination}, {@code hang-up} ends the call. The call is found by Vapi's call id
 * ({@code message.call.id}, the id {@code POST /call} returned). Every request must carry {@code X-Vapi-Secret}
 * equal to the configured secret (compared in constant time), else {@code 401}. Other message types are
 * acknowledged and ignored. Answers at once: {@code 200} once the action has started, {@code 404} for a call the
 * gateway does not carry, {@code 400}/{@code 409}/{@code 503} when the action is refused.
 */
public final class VapiServerEndpoint implements HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(VapiServerEndpoint.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SECRET_HEADER = "X-Vapi-Secret";

    private final String path;
    private final byte[] secretHash;
    private final CallBridge bridge;
    private final LogLimiter refusals = new LogLimiter(10_000, 10);

    /** @param secret the assistant's server secret, never logged */
    public VapiServerEndpoint(String path, String secret, CallBridge bridge) {
        this.path = path;
        this.secretHash = sha256(secret);
        this.bridge = bridge;
    }

    @Override
    public boolean serves(String requestPath) {
        return path.equals(requestPath);
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request, String requestPath) {
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse r = answer(HttpResponseStatus.METHOD_NOT_ALLOWED, "only POST");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            return r;
        }
        String secret = request.headers().get(SECRET_HEADER);
        if (secret == null || !MessageDigest.isEqual(secretHash, sha256(secret))) {
            long dropped = refusals.tryAcquire();
            if (dropped >= 0) {
                LOG.warn("Vapi server message without the right {} refused{}", SECRET_HEADER,
                        LogLimiter.dropped(dropped));
            }
            return answer(HttpResponseStatus.UNAUTHORIZED, "wrong or missing " + SECRET_HEADER);
        }
        JsonNode message;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate())) {
            message = MAPPER.readTree((java.io.InputStream) in).path("message");
        } catch (IOException | RuntimeException e) {
            return answer(HttpResponseStatus.BAD_REQUEST, "not JSON");
        }
        if (!message.isObject()) {
            return answer(HttpResponseStatus.BAD_REQUEST, "no \"message\" object");
        }
        if (!"phone-call-control".equals(message.path("type").asText())) {
            return answer(HttpResponseStatus.OK, "ignored"); // other server messages need nothing from the gateway
        }
        return phoneCallControl(message);
    }

    private FullHttpResponse phoneCallControl(JsonNode message) {
        String vapiCallId = message.path("call").path("id").asText("");
        Optional<String> callId = bridge.callIdForAgentCall(vapiCallId);
        if (callId.isEmpty()) {
            return answer(HttpResponseStatus.NOT_FOUND, "no active call with that Vapi call id");
        }
        String request = message.path("request").asText("");
        try {
            switch (request) {
                case "forward" -> {
                    String destination = VapiDestination.of(message.get("destination"));
                    if (destination == null) {
                        return answer(HttpResponseStatus.BAD_REQUEST, "forward without a number or SIP destination");
                    }
                    bridge.transfer(callId.get(), new TransferRequest(destination, "Vapi phone-call-control"),
                            null, TransferTrigger.VAPI_SERVER);
                    LOG.info("Vapi asked call {} to be forwarded to {}", callId.get(), destination);
                    return answer(HttpResponseStatus.OK, "forwarding");
                }
                case "hang-up" -> {
                    bridge.hangupForAgent(callId.get(), "Vapi phone-call-control hang-up");
                    return answer(HttpResponseStatus.OK, "hanging up");
                }
                default -> {
                    return answer(HttpResponseStatus.BAD_REQUEST, "request must be forward or hang-up");
                }
            }
        } catch (CallControlException e) {
            return answer(HttpResponseStatus.valueOf(e.kind().httpStatus()), e.getMessage());
        }
    }

    private static FullHttpResponse answer(HttpResponseStatus status, String detail) {
        byte[] body = MAPPER.createObjectNode().put(status.code() < 300 ? "result" : "error", detail).toString()
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return r;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
