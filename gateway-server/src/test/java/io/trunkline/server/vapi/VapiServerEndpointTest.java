package io.trunkline.server.vapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.config.CallConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The endpoint's answers that need no call: method, secret, body shape, other server messages, unknown calls. */
class VapiServerEndpointTest {
    private static final String SECRET = "s3cret-for-tests";
    private final VapiServerEndpoint endpoint = new VapiServerEndpoint("/vapi/server", SECRET,
            new CallBridge(CallConfig.DEFAULTS, null, null, null, record -> { }));

    private int status(HttpMethod method, String secret, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/vapi/server",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (secret != null) {
            request.headers().set("X-Vapi-Secret", secret);
        }
        try {
            FullHttpResponse response = endpoint.handle(request, "/vapi/server");
            try {
                return response.status().code();
            } finally {
                response.release();
            }
        } finally {
            request.release();
        }
    }

    @Test
    void servesItsPathOnly() {
        assertTrue(endpoint.serves("/vapi/server"));
        assertFalse(endpoint.serves("/vapi/server/x"));
        assertFalse(endpoint.serves("/metrics"));
    }

    @Test
    void answers() {
        String control = "{\"message\":{\"type\":\"phone-call-control\",\"request\":\"forward\","
                + "\"destination\":{\"type\":\"number\",\"number\":\"+15550009999\"},\"call\":{\"id\":\"unknown\"}}}";
        assertEquals(405, status(HttpMethod.GET, SECRET, ""));
        assertEquals(401, status(HttpMethod.POST, null, control));
        assertEquals(401, status(HttpMethod.POST, SECRET.substring(1), control));
        assertEquals(401, status(HttpMethod.POST, SECRET + " ", control));
        assertEquals(400, status(HttpMethod.POST, SECRET, "{not json"));
        assertEquals(400, status(HttpMethod.POST, SECRET, "{\"type\":\"phone-call-control\"}"));
        assertEquals(200, status(HttpMethod.POST, SECRET, "{\"message\":{\"type\":\"end-of-call-report\"}}"));
        assertEquals(404, status(HttpMethod.POST, SECRET, control));
    }
}
